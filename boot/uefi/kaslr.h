#pragma once
// Kernel address space layout randomisation: where in the top 2 GiB the kernel goes.
//
// The kernel window is [kKernelWindowBase, kKernelWindowEnd): the top 2 GiB of the address
// space, which the kernel's code model reaches, minus its last 16 MiB, which stay free for the
// kernel's own use. The kernel is placed at kKernelWindowBase + slot * 2 MiB. Above the image lie a
// 4 KiB unmapped guard page and the boot stack:
//
//   base                       base + AlignUp(span, 4K)    + 4 KiB            + stack_size
//   | kernel segments ...      | guard page (unmapped)     | boot stack ...    |
//
// and all of it must end at or below kKernelWindowEnd.

#include <stdint.h>

#include <raeen/handoff.h>

#include "libs/rstd/result.h"

namespace raeen::boot {

inline constexpr uint64_t kKernelWindowBase = 0xffffffff80000000;
inline constexpr uint64_t kKernelWindowEnd = 0xffffffffff000000;
inline constexpr uint64_t kKaslrSlotSize = 2ull << 20;
inline constexpr uint64_t kStackGuardSize = 4096;

// A source of uniformly random 64-bit words (EFI_RNG, RDRAND, TSC jitter; a fixed sequence in
// tests).
class RandomSource {
 public:
  virtual Result<uint64_t> Next64() = 0;

 protected:
  ~RandomSource() = default;
};

// How many 2 MiB aligned bases leave room for the kernel, the guard page and the stack below
// kKernelWindowEnd; 0 if even slot 0 does not.
uint64_t KaslrSlotCount(uint64_t kernel_span, uint64_t stack_size);

// A slot uniform in [0, slot_count), without modulo bias: Lemire's multiply-and-reject
// ("Fast Random Integer Generation in an Interval", ACM TOMACS 2019). The 128-bit product of a
// random word and slot_count has its high half in [0, slot_count); the few low halves that
// would make some slots more likely are rejected and redrawn. kInvalidArgument if slot_count
// is 0; kTimedOut if the source keeps producing rejected words (a broken source: the
// probability of even one rejection is below slot_count / 2^64); errors of the source pass
// through.
Result<uint64_t> ChooseKaslrSlot(uint64_t slot_count, RandomSource& random);

constexpr uint64_t KaslrBase(uint64_t slot) {
  return kKernelWindowBase + slot * kKaslrSlotSize;
}

// The direct map goes at a random 1 GiB aligned base in [kDirectMapRegionBase,
// kDirectMapRegionEnd) (raeen/handoff.h), with room for `direct_map_size` bytes: this many
// bases; 0 if none fits. With 64 TiB of physical addresses at most there are always at least
// 32768 (15 bits).
uint64_t DirectMapSlotCount(uint64_t direct_map_size);

constexpr uint64_t DirectMapBase(uint64_t slot) {
  return kDirectMapRegionBase + slot * kDirectMapBaseAlignment;
}

}  // namespace raeen::boot
