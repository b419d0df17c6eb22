#include "boot/uefi/kaslr.h"

#include "libs/rstd/utility.h"

namespace raeen::boot {
namespace {

constexpr int kMaxDraws = 64;

}  // namespace

uint64_t KaslrSlotCount(uint64_t kernel_span, uint64_t stack_size) {
  constexpr uint64_t kWindow = kKernelWindowEnd - kKernelWindowBase;
  uint64_t span = 0;
  uint64_t needed = 0;
  if (!rstd::CheckedAlignUp(kernel_span, 4096, &span) ||
      !rstd::CheckedAdd(span, kStackGuardSize, &needed) ||
      !rstd::CheckedAdd(needed, stack_size, &needed) || needed > kWindow) {
    return 0;
  }
  // Slot i fits while i * 2 MiB + needed <= kWindow.
  return (kWindow - needed) / kKaslrSlotSize + 1;
}

uint64_t DirectMapSlotCount(uint64_t direct_map_size) {
  constexpr uint64_t kRegion = kDirectMapRegionEnd - kDirectMapRegionBase;
  uint64_t needed = 0;
  if (direct_map_size == 0 ||
      !rstd::CheckedAlignUp(direct_map_size, kDirectMapBaseAlignment, &needed) ||
      needed > kRegion) {
    return 0;
  }
  return (kRegion - needed) / kDirectMapBaseAlignment + 1;
}

Result<uint64_t> ChooseKaslrSlot(uint64_t slot_count, RandomSource& random) {
  if (slot_count == 0) return Error(Status::kInvalidArgument);
  // 2^64 mod slot_count: the low halves below it are the biased ones.
  uint64_t threshold = (0 - slot_count) % slot_count;
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    RAEEN_TRY(uint64_t word, random.Next64());
    unsigned __int128 product = static_cast<unsigned __int128>(word) * slot_count;
    if (static_cast<uint64_t>(product) >= threshold) {
      return static_cast<uint64_t>(product >> 64);
    }
  }
  return Error(Status::kTimedOut);
}

}  // namespace raeen::boot
