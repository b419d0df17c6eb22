#pragma once
// Finding and checking ACPI tables [ACPI 6.5, 5.2]: the RSDP, the root table (XSDT, or the
// RSDT on revision-0 firmware) and every table it lists. Every byte comes from firmware and
// is untrusted: a table is used only after its signature, length (at least a header, at most
// kMaxTableSize, entirely inside readable memory) and checksum have been checked, and a
// malformed one is reported and skipped.
//
// The parsers of individual tables are in madt.h, hpet_table.h, mcfg.h and fadt.h;
// platform_tables.h reads all of them at once.

#include <stdint.h>

#include "kernel/acpi/table_header.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::acpi {

// Access to physical memory: the kernel reads through the direct map (DirectMapMemory);
// host tests through a buffer. Returns null when [physical, physical + size) is not entirely
// readable (including when the range wraps around the address space).
class PhysicalMemory {
 public:
  virtual const uint8_t* Map(uint64_t physical, uint64_t size) const = 0;

 protected:
  ~PhysicalMemory() = default;
};

// A table whose signature, length and checksum have been checked.
struct Table {
  uint64_t physical;
  rstd::Bytes bytes;  // the whole table, header included
};

// The Root System Description Pointer [ACPI 6.5, 5.2.5.3].
struct Rsdp {
  uint64_t physical;
  uint8_t revision;  // 0 for ACPI 1.0 (20 bytes, RSDT only), 2 and up for the 36-byte form
  char oem_id[6];
  uint32_t rsdt;  // 0 when absent
  uint64_t xsdt;  // 0 when absent or revision < 2
};

// Reads the RSDP at `physical`: signature "RSD PTR ", the checksum of the first 20 bytes,
// and from revision 2 on the length field (>= 36) and the extended checksum of 36 bytes.
// kCorrupt if any of that fails or the bytes are not readable.
Result<Rsdp> ReadRsdp(const PhysicalMemory& memory, uint64_t physical);

// The root table: an XSDT [ACPI 6.5, 5.2.8] of 64-bit pointers or an RSDT [ACPI 6.5, 5.2.7]
// of 32-bit ones. Trailing bytes that do not make a whole pointer are ignored.
class RootTable {
 public:
  RootTable(Table table, bool extended) : table_(table), extended_(extended) {}

  const Table& table() const { return table_; }
  bool extended() const { return extended_; }  // XSDT
  uint64_t entry_count() const { return (table_.bytes.size() - kTableHeaderSize) / EntrySize(); }
  // The physical address in entry `index` (< entry_count()).
  uint64_t entry(uint64_t index) const;

 private:
  uint64_t EntrySize() const { return extended_ ? 8 : 4; }

  Table table_;
  bool extended_;
};

// The XSDT when the RSDP (revision >= 2) gives a nonzero address, else the RSDT; there is no
// fallback from a malformed XSDT to the RSDT (an OS must use the XSDT when there is one
// [ACPI 6.5, 5.2.5.3]). kCorrupt if the chosen table is unreadable or malformed, or has the
// other root table's signature.
Result<RootTable> ReadRootTable(const PhysicalMemory& memory, const Rsdp& rsdp);

// What checking one table found, in the order the checks run.
enum class TableCheck : uint8_t {
  kOk,
  kNullAddress,  // the pointer is 0
  kUnreadable,   // the header, or the length it claims, is not in readable memory
  kBadLength,    // length < 36 or > kMaxTableSize
  kBadChecksum,  // the bytes do not sum to zero
};

// "ok", "null address", "unreadable", "bad length", "bad checksum".
rstd::StringView TableCheckName(TableCheck check);

// One table as listed by the root table (or the FADT, for the DSDT).
struct TableEntry {
  uint64_t physical;
  Signature signature;  // "????" when the header is unreadable
  uint32_t length;      // as the header claims (0 when unreadable)
  uint8_t revision;
  TableCheck check;
};

// Reads and checks the table header at `physical` and the bytes it claims. Never reads
// outside what `memory` maps.
TableEntry InspectTable(const PhysicalMemory& memory, uint64_t physical);

// Maps the table at `physical` if InspectTable finds it ok and its signature is `signature`
// (any signature when empty). kNotFound for another signature, kCorrupt when the check fails.
Result<Table> MapTable(const PhysicalMemory& memory, uint64_t physical, rstd::StringView signature);

// The first valid table with `signature` ("APIC", "HPET", ...) that the root table lists.
// kCorrupt if the RSDP or the root table is malformed, kNotFound if no valid table has that
// signature (malformed candidates are skipped).
Result<Table> FindTable(const PhysicalMemory& memory, uint64_t rsdp, rstd::StringView signature);

}  // namespace raeen::kernel::acpi
