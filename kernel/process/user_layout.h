#pragma once
// Where a new process's memory goes: user-space address space layout randomisation for the
// program image, the heap, the mapping area and the main thread's stack (issue 5; the kernel's
// own layout is docs/kaslr.md). Each region has its own window in the lower half and its own
// random, page-aligned base, so learning one address tells nothing about the others:
//
//   window                                      region                       entropy
//   [4 GiB, 16 TiB)                             program image                32 bits
//   [16 TiB, 32 TiB)                            heap start                   32 bits
//   [32 TiB, 48 TiB) + kMappingAreaSize         mapping area (mmap-style)    32 bits
//   [0x7000'0000'0000, kUserTop)                stack top (grows down)       32 bits
//
// Nothing is ever mapped below kUserBase (a null pointer plus any small offset faults), nor
// in the last 64 KiB below the canonical boundary (a syscall returning to an address there
// would need a non-canonical next RIP, which sysret mishandles on Intel CPUs). Below the stack
// lies an unmapped guard page.
//
// Pure logic over a RandomSource; host-tested (tests/host/kernel/process).

#include <stdint.h>

#include "boot/uefi/kaslr.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

inline constexpr uint64_t kUserPageSize = 4096;
inline constexpr uint64_t kUserBase = 64 * 1024;
inline constexpr uint64_t kUserTop = 0x0000'7fff'ffff'0000;

inline constexpr uint64_t kImageWindowBase = 4ull << 30;
inline constexpr uint64_t kImageWindowEnd = 16ull << 40;
inline constexpr uint64_t kHeapWindowBase = 16ull << 40;
inline constexpr uint64_t kHeapWindowEnd = 32ull << 40;
inline constexpr uint64_t kMappingWindowBase = 32ull << 40;
inline constexpr uint64_t kMappingWindowEnd = 48ull << 40;
inline constexpr uint64_t kMappingAreaSize = 8ull << 40;  // room for one process's mappings
inline constexpr uint64_t kStackWindowBase = 0x0000'7000'0000'0000;

inline constexpr uint64_t kMaxImageSpan = 1ull << 30;   // 1 GiB
inline constexpr uint64_t kMaxStackSize = 256ull << 20;  // 256 MiB

struct UserLayout {
  uint64_t image_base;     // page aligned; the image occupies [image_base, + image span)
  uint64_t heap_base;      // page aligned; the heap grows up from here within its window
  uint64_t mappings_base;  // page aligned; [mappings_base, mappings_end) for mappings
  uint64_t mappings_end;
  uint64_t stack_top;      // page aligned; the initial stack pointer starts here
  uint64_t stack_low;      // lowest stack page; the guard page lies just below
};

// Errors: kInvalidArgument (an image span of 0 or above kMaxImageSpan, a stack size of 0 or
// above kMaxStackSize); the random source's errors.
Result<UserLayout> ChooseUserLayout(uint64_t image_span, uint64_t stack_size,
                                    boot::RandomSource& random);

}  // namespace raeen::kernel
