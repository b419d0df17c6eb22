#pragma once
// Validation of the Handoff the loader passes (boot/include/raeen/handoff.h). The kernel
// trusts nothing it has not checked: a handoff from an older or broken loader must stop the
// boot with a message that says what is wrong, not crash somewhere later.

#include <raeen/handoff.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

// On failure `*reason` says which field is wrong (a static string).
Result<void> CheckHandoff(const boot::Handoff& handoff, rstd::StringView* reason);

// The memory map: every range 4 KiB aligned, non-empty, of a known kind, sorted by base, not
// overlapping and inside the direct map.
Result<void> CheckMemoryMap(rstd::Span<const boot::MemoryRange> map, uint64_t direct_map_size,
                            rstd::StringView* reason);

// True when every byte of [base, base + size) lies in some range of the (checked, sorted) map,
// i.e. is reachable through the direct map. Neighbouring ranges may share the span.
bool MemoryMapCovers(rstd::Span<const boot::MemoryRange> map, uint64_t base, uint64_t size);

// Bytes of RAM of the given kind in the map.
uint64_t MemoryOfKind(rstd::Span<const boot::MemoryRange> map, boot::MemoryKind kind);

// Bytes of RAM of every kind that is real memory (everything but MMIO, reserved and bad).
uint64_t TotalRam(rstd::Span<const boot::MemoryRange> map);

}  // namespace raeen::kernel
