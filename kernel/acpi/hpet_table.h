#pragma once
// The HPET description table [IA-PC HPET 1.0a, 3.2.4]: where the first High Precision Event
// Timer block's registers are and what the firmware says about it. The clock code calibrates
// the TSC against the timer found here.

#include <stdint.h>

#include "kernel/acpi/generic_address.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi {

// Page Protection [IA-PC HPET 1.0a, 3.2.4]: how much of the page(s) around the
// 1 KiB register block is guaranteed to hold nothing else (so it may be mapped to user space).
enum class HpetPageProtection : uint8_t {
  kNone = 0,
  k4KiB = 1,
  k64KiB = 2,
};

struct HpetTable {
  // The register block is 1 KiB [IA-PC HPET 1.0a, 2.3].
  static constexpr uint64_t kRegisterBlockSize = 1024;

  uint64_t base_address;  // physical, system memory, 1 KiB aligned
  uint8_t hpet_number;    // sequence number of this timer block
  uint16_t minimum_tick;  // main counter ticks below which periodic mode loses interrupts
  HpetPageProtection page_protection;
  uint8_t oem_attributes;  // bits 7:4 of the page protection byte

  // Event Timer Block ID, the low half of the General Capabilities register:
  uint8_t hardware_revision;  // bits 7:0, never 0
  uint8_t comparator_count;   // bits 12:8 hold the last comparator's index: count = that + 1
  bool counter_is_64bit;      // COUNT_SIZE_CAP, bit 13
  bool legacy_replacement;    // LegacyReplacement IRQ routing capable, bit 15
  uint16_t pci_vendor_id;     // bits 31:16
};

// Parses an "HPET" table (checked with CheckTable: revision >= 1, at least 56 bytes).
//   kCorrupt  malformed table; a base address that is absent, not in system memory, not
//             1 KiB aligned or whose block would wrap around the address space; a hardware
//             revision of 0; a reserved page-protection value.
Result<HpetTable> ParseHpetTable(rstd::Bytes hpet);

}  // namespace raeen::kernel::acpi
