#pragma once
// Which XSAVE state components the kernel enables in XCR0 [Intel SDM vol. 1, 13.1-13.3]:
// x87 and SSE always (XCR0 bit 0 must be 1; SSE is architectural in 64-bit mode), AVX when
// the CPU supports it, and the three AVX-512 components (opmask, ZMM_Hi256, Hi16_ZMM) only
// together and only with AVX, as XSETBV requires. MPX, PKRU and the supervisor components stay
// off: nothing uses them yet.

#include <stdint.h>

namespace raeen::kernel::arch {

inline constexpr uint64_t kXcr0X87 = 1ull << 0;
inline constexpr uint64_t kXcr0Sse = 1ull << 1;
inline constexpr uint64_t kXcr0Avx = 1ull << 2;
inline constexpr uint64_t kXcr0Avx512 = (1ull << 5) | (1ull << 6) | (1ull << 7);

// `supported`: CPUID.(EAX=0DH,ECX=0):EDX:EAX, the components XCR0 may hold.
constexpr uint64_t ChooseXcr0(uint64_t supported) {
  uint64_t xcr0 = kXcr0X87 | kXcr0Sse;
  if ((supported & kXcr0Avx) != 0) {
    xcr0 |= kXcr0Avx;
    if ((supported & kXcr0Avx512) == kXcr0Avx512) xcr0 |= kXcr0Avx512;
  }
  return xcr0;
}

}  // namespace raeen::kernel::arch
