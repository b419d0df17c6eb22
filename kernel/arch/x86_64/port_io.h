#pragma once
// x86 I/O port access. The only place outside entry code where the kernel executes in/out;
// drivers above this layer receive ports as values and are tested with fakes.
//
// The "memory" clobber keeps the compiler from moving ordinary loads and stores across a port
// access: device state (a UART's FIFO, a DMA descriptor in RAM) is often tied to the order of
// both. [Intel SDM vol. 1, 18.2 "I/O Port Addressing"; vol. 2A, IN / OUT]

#include <stdint.h>

namespace raeen::kernel::arch {

inline uint8_t In8(uint16_t port) {
  uint8_t value;
  asm volatile("inb %w1, %b0" : "=a"(value) : "Nd"(port) : "memory");
  return value;
}

inline uint16_t In16(uint16_t port) {
  uint16_t value;
  asm volatile("inw %w1, %w0" : "=a"(value) : "Nd"(port) : "memory");
  return value;
}

inline uint32_t In32(uint16_t port) {
  uint32_t value;
  asm volatile("inl %w1, %0" : "=a"(value) : "Nd"(port) : "memory");
  return value;
}

inline void Out8(uint16_t port, uint8_t value) {
  asm volatile("outb %b0, %w1" : : "a"(value), "Nd"(port) : "memory");
}

inline void Out16(uint16_t port, uint16_t value) {
  asm volatile("outw %w0, %w1" : : "a"(value), "Nd"(port) : "memory");
}

inline void Out32(uint16_t port, uint32_t value) {
  asm volatile("outl %0, %w1" : : "a"(value), "Nd"(port) : "memory");
}

}  // namespace raeen::kernel::arch
