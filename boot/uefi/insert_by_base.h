#pragma once
// Sorted insertion of physical ranges into a caller-provided array. Firmware memory maps are
// nearly sorted already, so inserting each range in turn is close to linear, and it needs no
// memory beyond the output array (it also runs after ExitBootServices).

#include <stddef.h>

#include "libs/rstd/span.h"

namespace raeen::boot {

// Inserts `range` into out[0, count), which is sorted by `base`, keeping it sorted. The
// caller guarantees count < out.size(). Ranges with equal bases keep their arrival order.
template <typename Range>
void InsertByBase(rstd::Span<Range> out, size_t count, const Range& range) {
  size_t slot = count;
  while (slot > 0 && out[slot - 1].base > range.base) {
    out[slot] = out[slot - 1];
    --slot;
  }
  out[slot] = range;
}

}  // namespace raeen::boot
