#include "services/consoled/uart.h"

namespace raeen::consoled {
namespace {

// Register offsets from the base port [PC16550D, Table II].
constexpr uint16_t kData = 0;             // RBR (read), THR (write)
constexpr uint16_t kInterruptEnable = 1;  // IER
constexpr uint16_t kFifoControl = 2;      // FCR (write)
constexpr uint16_t kModemControl = 4;     // MCR
constexpr uint16_t kLineStatus = 5;       // LSR
constexpr uint16_t kScratch = 7;          // SCR

constexpr uint8_t kIerReceivedData = 0x01;
// FIFO on, receive trigger level 1 byte (bits 7:6 = 00); no FIFO reset, which would drop
// whatever the kernel's log has queued for sending.
constexpr uint8_t kFcrEnableTrigger1 = 0x01;
constexpr uint8_t kMcrDtr = 0x01;
constexpr uint8_t kMcrRts = 0x02;
constexpr uint8_t kMcrOut2 = 0x08;
constexpr uint8_t kLsrDataReady = 0x01;
constexpr uint8_t kLsrTransmitterEmpty = 0x20;  // THRE

void Out(uint16_t port, uint8_t value) {
  asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

uint8_t In(uint16_t port) {
  uint8_t value;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

}  // namespace

Result<Uart> Uart::Open(sys::Handle ports, uint16_t base) {
  if (Status enabled = sys::IoportEnable(ports, base, kPortCount); enabled != Status::kOk) {
    return Error(enabled);
  }
  // The scratch register keeps what is written to it on every 16450/16550; nothing at all
  // answers 0xff.
  const uint8_t saved = In(base + kScratch);
  Out(base + kScratch, 0x5a);
  const bool present = In(base + kScratch) == 0x5a;
  Out(base + kScratch, saved);
  if (!present) return Error(Status::kNotFound);
  return Uart(base);
}

void Uart::EnableReceiveInterrupt() {
  Out(base_ + kFifoControl, kFcrEnableTrigger1);
  Out(base_ + kModemControl, kMcrDtr | kMcrRts | kMcrOut2);
  Out(base_ + kInterruptEnable, kIerReceivedData);
}

size_t Uart::Receive(uint8_t* out, size_t capacity) {
  size_t count = 0;
  while (count < capacity && (In(base_ + kLineStatus) & kLsrDataReady) != 0) {
    out[count++] = In(base_ + kData);
  }
  return count;
}

void Uart::PutByte(uint8_t byte) {
  if (stuck_) return;
  for (uint32_t spins = 0; (In(base_ + kLineStatus) & kLsrTransmitterEmpty) == 0; ++spins) {
    if (spins == kTransmitSpinLimit) {
      stuck_ = true;
      return;
    }
  }
  Out(base_ + kData, byte);
}

void Uart::Write(rstd::StringView text) {
  for (char c : text) {
    if (c == '\n') PutByte('\r');
    PutByte(static_cast<uint8_t>(c));
  }
}

}  // namespace raeen::consoled
