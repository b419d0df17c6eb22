#pragma once
// Planning the direct map: the kernel reaches every physical address the firmware reported at
// direct_map_base + phys (a random base, see kaslr.h). rae-boot maps it with 2 MiB pages, so each physical range (RAM of every
// type, MMIO, the framebuffer) is rounded out to 2 MiB and overlapping or touching ranges are
// merged. Mapping a little more than was reported is harmless: it is never executable, and the
// kernel only touches addresses its memory map lists.

#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/diagnostic.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::boot {

// The direct map covers physical addresses below 64 TiB, two thirds of its 96 TiB region
// (raeen/handoff.h): the rest is room for the randomized base.
inline constexpr uint64_t kDirectMapLimit = 1ull << 46;
inline constexpr uint64_t kDirectMapAlignment = 2ull << 20;

struct PhysicalRange {
  uint64_t base;
  uint64_t size;
};

// Writes the rounded, sorted, merged ranges to `out` (which needs at most ranges.size()
// entries) and returns how many. Empty input ranges are skipped. kOutOfRange if a range ends
// beyond kDirectMapLimit or overflows; kBufferTooSmall if `out` is too small.
Result<size_t> PlanDirectMap(rstd::Span<const PhysicalRange> ranges, rstd::Span<PhysicalRange> out,
                             Diagnostic& diag);

// True if [base, base + size) lies inside one range of a plan made by PlanDirectMap().
bool DirectMapCovers(rstd::Span<const PhysicalRange> plan, uint64_t base, uint64_t size);

}  // namespace raeen::boot
