#include "kernel/acpi/mcfg.h"

#include "kernel/acpi/table_header.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel::acpi {
namespace {

// [PCI Firmware 3.3, 4.1.2]: header, reserved 8, then entries of Base
// Address 8, PCI Segment Group 2, Start Bus 1, End Bus 1, reserved 4.
constexpr uint64_t kFirstEntry = 44;
constexpr uint64_t kEntrySize = 16;
constexpr uint64_t kPhysicalAddressLimit = uint64_t{1} << 52;

bool Overlap(uint64_t a_start, uint64_t a_size, uint64_t b_start, uint64_t b_size) {
  return a_start < b_start + b_size && b_start < a_start + a_size;
}

Result<EcamSegment> ReadSegment(rstd::Bytes mcfg, uint64_t offset) {
  EcamSegment segment{};
  (void)ReadLe(mcfg, offset, &segment.base);
  (void)ReadLe(mcfg, offset + 8, &segment.segment_group);
  (void)ReadLe(mcfg, offset + 10, &segment.start_bus);
  (void)ReadLe(mcfg, offset + 11, &segment.end_bus);
  if (segment.end_bus < segment.start_bus || segment.base == 0 ||
      !rstd::IsAligned(segment.base, EcamSegment::kBusSize)) {
    return Error(Status::kCorrupt);
  }
  // base + (end_bus + 1) MiB must stay below the physical address limit (and not wrap).
  uint64_t end = 0;
  if (!rstd::CheckedAdd(segment.base, (uint64_t{segment.end_bus} + 1) * EcamSegment::kBusSize,
                        &end) ||
      end > kPhysicalAddressLimit) {
    return Error(Status::kCorrupt);
  }
  return segment;
}

Result<void> ParseEntries(rstd::Bytes mcfg, Mcfg& out) {
  uint64_t entries_size = mcfg.size() - kFirstEntry;
  if (entries_size % kEntrySize != 0) return Error(Status::kCorrupt);
  for (uint64_t offset = kFirstEntry; offset < mcfg.size(); offset += kEntrySize) {
    RAEEN_TRY(EcamSegment segment, ReadSegment(mcfg, offset));
    for (const EcamSegment& other : out.Segments()) {
      bool same_buses = other.segment_group == segment.segment_group &&
                        other.start_bus <= segment.end_bus && segment.start_bus <= other.end_bus;
      if (same_buses || Overlap(other.WindowStart(), other.WindowSize(), segment.WindowStart(),
                                segment.WindowSize())) {
        return Error(Status::kCorrupt);
      }
    }
    if (out.segment_count < Mcfg::kMaxSegments) {
      out.segments[out.segment_count++] = segment;
    } else {
      out.truncated = true;
    }
  }
  return {};
}

}  // namespace

Result<void> ParseMcfg(rstd::Bytes mcfg, Mcfg* out) {
  *out = Mcfg{};
  RAEEN_TRY(CheckTable(mcfg, "MCFG", kFirstEntry, 1));
  Result<void> entries = ParseEntries(mcfg, *out);
  if (!entries.ok()) {
    *out = Mcfg{};
    return entries;
  }
  if (out->truncated) return Error(Status::kBufferTooSmall);
  return {};
}

}  // namespace raeen::kernel::acpi
