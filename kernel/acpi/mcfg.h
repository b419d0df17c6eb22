#pragma once
// The MCFG table [PCI Firmware 3.3, 4.1.2] (reserved by [ACPI 6.5, 5.2.6]): where each
// PCI segment group's enhanced configuration space (ECAM) lives. The PCI configuration
// service maps these windows; bus b, device d, function f of a segment is at
// base + (b << 20 | d << 15 | f << 12).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi {

struct EcamSegment {
  // Each bus has 32 devices x 8 functions x 4 KiB of configuration space.
  static constexpr uint64_t kBusSize = 1 << 20;

  uint64_t base;  // physical address of bus 0's configuration space in this segment
  uint16_t segment_group;
  uint8_t start_bus;
  uint8_t end_bus;  // inclusive

  // The physical range that is really decoded: buses start_bus..end_bus.
  uint64_t WindowStart() const { return base + uint64_t{start_bus} * kBusSize; }
  uint64_t WindowSize() const { return (uint64_t{end_bus} - start_bus + 1) * kBusSize; }
};

struct Mcfg {
  static constexpr size_t kMaxSegments = 16;

  EcamSegment segments[kMaxSegments];
  uint32_t segment_count;
  bool truncated;  // the table lists more segments than fit (ParseMcfg: kBufferTooSmall)

  rstd::Span<const EcamSegment> Segments() const { return {segments, segment_count}; }
};

// Parses an "MCFG" table (CheckTable: revision >= 1, at least 44 bytes) into *out.
//   kCorrupt         malformed table; bytes after the header that are not a whole number of
//                    16-byte entries; an entry whose end bus is below its start bus, whose
//                    base is 0 or not 1 MiB aligned, or whose window would wrap around or
//                    reach beyond 2^52 (the architectural physical address limit); two
//                    entries of the same segment group with overlapping bus ranges, or whose
//                    windows overlap. *out is then all zero.
//   kBufferTooSmall  valid, with more than kMaxSegments entries: *out holds the first ones.
// A table with no entries is valid (no ECAM).
Result<void> ParseMcfg(rstd::Bytes mcfg, Mcfg* out);

}  // namespace raeen::kernel::acpi
