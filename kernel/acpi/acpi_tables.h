#pragma once
// Finding and checking ACPI tables [ACPI 6.5, 5.2]: RSDP -> XSDT (or RSDT) -> tables by
// signature, and the processor entries of the MADT [ACPI 6.5, 5.2.12]. Every table is
// untrusted: signature, length and checksum are checked before anything inside is read.
// The platform issue extends this with the HPET, MCFG and FADT parsers.

#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::acpi {

// Access to physical memory: the kernel reads through the direct map; host tests through a
// buffer. Returns null when [physical, physical + size) is not readable.
class PhysicalMemory {
 public:
  virtual const uint8_t* Map(uint64_t physical, uint64_t size) const = 0;

 protected:
  ~PhysicalMemory() = default;
};

// A table whose header, length and checksum have been checked.
struct Table {
  uint64_t physical;
  rstd::Bytes bytes;  // the whole table, header included
};

// Finds the table with `signature` ("APIC", "HPET", ...) through the RSDP at `rsdp`.
// kCorrupt if the RSDP or the root table is malformed, kNotFound if no valid table has that
// signature (malformed candidates are skipped).
Result<Table> FindTable(const PhysicalMemory& memory, uint64_t rsdp, rstd::StringView signature);

struct MadtSummary {
  uint32_t enabled_cpus;         // usable now
  uint32_t online_capable_cpus;  // may be brought online later (hot-plug)
  uint32_t io_apics;
  uint64_t local_apic_address;
};

// Counts the processors (local APIC and x2APIC entries) and I/O APICs in a MADT.
Result<MadtSummary> ParseMadt(rstd::Bytes madt);

}  // namespace raeen::kernel::acpi
