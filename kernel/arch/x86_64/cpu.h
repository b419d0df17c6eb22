#pragma once
// Thin wrappers over privileged x86-64 instructions. Everything that executes them lives in
// kernel/arch/x86_64; the rest of the kernel calls these.

#include <stdint.h>

namespace raeen::kernel::arch {

inline uint64_t ReadTsc() {
  uint32_t low = 0;
  uint32_t high = 0;
  asm volatile("rdtsc" : "=a"(low), "=d"(high));
  return (static_cast<uint64_t>(high) << 32) | low;
}

inline uint64_t ReadCr0() {
  uint64_t v;
  asm volatile("mov %%cr0, %0" : "=r"(v));
  return v;
}
inline uint64_t ReadCr2() {
  uint64_t v;
  asm volatile("mov %%cr2, %0" : "=r"(v));
  return v;
}
inline uint64_t ReadCr3() {
  uint64_t v;
  asm volatile("mov %%cr3, %0" : "=r"(v));
  return v;
}
inline uint64_t ReadCr4() {
  uint64_t v;
  asm volatile("mov %%cr4, %0" : "=r"(v));
  return v;
}
inline void WriteCr0(uint64_t v) { asm volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
inline void WriteCr4(uint64_t v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

inline uint64_t ReadMsr(uint32_t msr) {
  uint32_t low = 0;
  uint32_t high = 0;
  asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
  return (static_cast<uint64_t>(high) << 32) | low;
}

inline void WriteMsr(uint32_t msr, uint64_t value) {
  asm volatile("wrmsr"
               :
               : "c"(msr), "a"(static_cast<uint32_t>(value)), "d"(static_cast<uint32_t>(value >> 32))
               : "memory");
}

struct CpuidResult {
  uint32_t eax, ebx, ecx, edx;
};

inline CpuidResult Cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  CpuidResult r;
  asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
  return r;
}

inline void DisableInterrupts() { asm volatile("cli" ::: "memory"); }
inline void Pause() { asm volatile("pause"); }

[[noreturn]] inline void HaltForever() {
  for (;;) asm volatile("cli; hlt");
}

inline uint64_t ReadRbp() {
  uint64_t v;
  asm volatile("mov %%rbp, %0" : "=r"(v));
  return v;
}

inline constexpr uint32_t kMsrEfer = 0xc0000080;
inline constexpr uint64_t kEferNxe = 1ull << 11;
inline constexpr uint64_t kCr0WriteProtect = 1ull << 16;
// [Intel SDM vol. 3A, 2.5, figure 2-7]
inline constexpr uint64_t kCr4Umip = 1ull << 11;
inline constexpr uint64_t kCr4FsGsBase = 1ull << 16;
inline constexpr uint64_t kCr4Smep = 1ull << 20;
inline constexpr uint64_t kCr4Smap = 1ull << 21;

}  // namespace raeen::kernel::arch
