#include "boot/uefi/direct_map.h"

#include "boot/uefi/insert_by_base.h"
#include "libs/rstd/utility.h"

namespace raeen::boot {

Result<size_t> PlanDirectMap(rstd::Span<const PhysicalRange> ranges, rstd::Span<PhysicalRange> out,
                             Diagnostic& diag) {
  size_t count = 0;
  for (const PhysicalRange& range : ranges) {
    if (range.size == 0) continue;
    uint64_t end = 0;
    if (!rstd::CheckedAdd(range.base, range.size, &end) || end > kDirectMapLimit) {
      return diag.Fail(Status::kOutOfRange,
                       "physical range [{:#x}, +{:#x}) lies beyond the {} TiB direct map",
                       range.base, range.size, kDirectMapLimit >> 40);
    }
    if (count == out.size()) {
      return diag.Fail(Status::kBufferTooSmall, "more than {} direct map ranges", out.size());
    }
    // kDirectMapLimit is 2 MiB aligned, so rounding `end` up cannot pass it.
    uint64_t base = rstd::AlignDown(range.base, kDirectMapAlignment);
    PhysicalRange rounded = {base, rstd::AlignUp(end, kDirectMapAlignment) - base};
    InsertByBase(out, count++, rounded);
  }
  size_t merged = 0;
  for (size_t i = 0; i < count; ++i) {
    PhysicalRange range = out[i];
    if (merged > 0) {
      PhysicalRange& previous = out[merged - 1];
      uint64_t previous_end = previous.base + previous.size;
      if (range.base <= previous_end) {
        uint64_t end = rstd::Max(previous_end, range.base + range.size);
        previous.size = end - previous.base;
        continue;
      }
    }
    out[merged++] = range;
  }
  return merged;
}

bool DirectMapCovers(rstd::Span<const PhysicalRange> plan, uint64_t base, uint64_t size) {
  for (const PhysicalRange& range : plan) {
    if (rstd::RangeContains(range.base, range.size, base, size)) return true;
  }
  return false;
}

}  // namespace raeen::boot
