#pragma once
// The few x86-64 instructions rae-boot needs, as inline functions. Only compiled for the UEFI
// target; everything that can be tested on the host stays out of this file.

#include <stdint.h>

namespace raeen::boot::cpu {

// [Intel SDM vol. 2B, RDTSC]. Not serialising: good enough for boot timestamps.
inline uint64_t ReadTsc() {
  uint32_t low = 0;
  uint32_t high = 0;
  asm volatile("rdtsc" : "=a"(low), "=d"(high));
  return (static_cast<uint64_t>(high) << 32) | low;
}

struct CpuidResult {
  uint32_t eax;
  uint32_t ebx;
  uint32_t ecx;
  uint32_t edx;
};

inline CpuidResult Cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  CpuidResult r;
  asm volatile("cpuid"
               : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
               : "a"(leaf), "c"(subleaf));
  return r;
}

// CPUID.01H:ECX.RDRAND[bit 30] [Intel SDM vol. 2A, CPUID, table 3-10].
inline bool HasRdrand() {
  return (Cpuid(1).ecx & (1u << 30)) != 0;
}

// One RDRAND attempt; false (CF = 0) when the DRNG had no value ready [Intel SDM vol. 2B,
// RDRAND]. Callers retry a bounded number of times, as Intel's DRNG guide recommends.
inline bool RdRand64(uint64_t* value) {
  bool ok = false;
  asm volatile("rdrand %0" : "=r"(*value), "=@ccc"(ok));
  return ok;
}

// CR4.LA57 [Intel SDM vol. 3A, 2.5]: 5-level paging. rae-boot's tables are 4-level.
inline bool FiveLevelPagingEnabled() {
  uint64_t cr4 = 0;
  asm volatile("mov %%cr4, %0" : "=r"(cr4));
  return (cr4 & (1ull << 12)) != 0;
}

inline void OutByte(uint16_t port, uint8_t value) {
  asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

inline uint8_t InByte(uint16_t port) {
  uint8_t value = 0;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

inline void Pause() {
  asm volatile("pause");
}

inline void DisableInterrupts() {
  asm volatile("cli" ::: "memory");
}

[[noreturn]] inline void HaltForever() {
  for (;;) asm volatile("cli; hlt");
}

}  // namespace raeen::boot::cpu
