#include "boot/uefi/acpi_rsdp.h"

namespace raeen::boot {

RsdpLocation FindRsdp(rstd::Span<const efi::ConfigurationTable> tables) {
  RsdpLocation found = {0, 0};
  for (const efi::ConfigurationTable& table : tables) {
    if (table.VendorTable == nullptr) continue;
    auto address = reinterpret_cast<uintptr_t>(table.VendorTable);
    if (table.VendorGuid == efi::kAcpi20TableGuid) return RsdpLocation{address, 2};
    if (table.VendorGuid == efi::kAcpi10TableGuid && found.revision == 0) {
      found = RsdpLocation{address, 1};
    }
  }
  return found;
}

}  // namespace raeen::boot
