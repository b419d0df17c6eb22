#pragma once
// Everything the kernel takes from the static ACPI tables at boot, read in one pass: the
// RSDP, the root table and a check of every table it lists (and of the DSDT), then the MADT,
// HPET, MCFG and FADT parsed and the S5 sleep type looked up in the DSDT. Nothing here fails as a
// whole: each part carries its own status so that one malformed table costs only what it describes.

#include <stddef.h>
#include <stdint.h>

#include "kernel/acpi/acpi_tables.h"
#include "kernel/acpi/fadt.h"
#include "kernel/acpi/hpet_table.h"
#include "kernel/acpi/madt.h"
#include "kernel/acpi/mcfg.h"
#include "kernel/acpi/sleep_type.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi {

struct PlatformTables {
  static constexpr size_t kMaxListedTables = 64;

  // kOk, or kCorrupt when the RSDP is malformed (then nothing else was read).
  Status rsdp_status;
  Rsdp rsdp;
  // kOk, or kCorrupt when the root table is malformed (then nothing below was read).
  Status root_status;
  TableEntry root;  // the XSDT or RSDT itself
  bool extended_root;

  // The root table's entries in order, each checked; entries past kMaxListedTables are still
  // searched for the tables below but not listed here (`unlisted_tables` counts them).
  TableEntry tables[kMaxListedTables];
  uint32_t table_count;
  uint32_t unlisted_tables;
  // The DSDT the FADT points at, checked like the others (check kNullAddress without a FADT).
  TableEntry dsdt;

  // Per table: kOk; kNotFound when no table has the signature; kCorrupt when every candidate
  // failed its checks or its parser; kBufferTooSmall when the parser's arrays overflowed (the
  // data is usable, see madt.h / mcfg.h). The structure is valid only for kOk and
  // kBufferTooSmall.
  Status madt_status;
  Madt madt;
  Status hpet_status;
  HpetTable hpet;
  Status mcfg_status;
  Mcfg mcfg;
  Status fadt_status;
  Fadt fadt;
  // The S5 sleep type from the DSDT (FindS5SleepType's status; kNotFound without a DSDT).
  Status s5_status;
  SleepType s5;

  rstd::Span<const TableEntry> Tables() const { return {tables, table_count}; }
  static bool Usable(Status status) {
    return status == Status::kOk || status == Status::kBufferTooSmall;
  }
};

// Reads the tables reachable from the RSDP at `rsdp` into *out (about 8 KiB: give it static
// storage). For each signature the first candidate that passes its checks and its parser is
// used; later duplicates are ignored.
void ReadPlatformTables(const PhysicalMemory& memory, uint64_t rsdp, PlatformTables* out);

}  // namespace raeen::kernel::acpi
