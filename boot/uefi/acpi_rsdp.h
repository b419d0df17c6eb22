#pragma once
// Finding the ACPI RSDP in the UEFI configuration table [UEFI 2.10, 4.6; ACPI 6.5, 5.2.5.2].

#include <stdint.h>

#include "boot/uefi/efi/system_table.h"
#include "libs/rstd/span.h"

namespace raeen::boot {

struct RsdpLocation {
  uint64_t address;   // physical; 0 if the firmware has no ACPI table
  uint32_t revision;  // 2 for the ACPI 2.0+ entry (XSDT), 1 for the ACPI 1.0 entry, 0 if none
};

// Prefers the ACPI 2.0 entry, whose RSDP also points to the 64-bit XSDT, over the ACPI 1.0
// entry. Entries with a null table pointer are ignored.
RsdpLocation FindRsdp(rstd::Span<const efi::ConfigurationTable> tables);

}  // namespace raeen::boot
