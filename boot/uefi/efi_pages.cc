#include "boot/uefi/efi_pages.h"

#include "libs/rstd/utility.h"

namespace raeen::boot {

Result<EfiPages> EfiPages::Allocate(efi::BootServices* boot_services, uint32_t memory_type,
                                    uint64_t bytes, rstd::StringView what, BootFailure& failure) {
  uint64_t rounded = 0;
  if (bytes == 0 || !rstd::CheckedAlignUp(bytes, kPageSize, &rounded)) {
    return failure.LoaderError(Status::kInvalidArgument, "report this as a rae-boot bug",
                               "cannot allocate {} bytes for {}", bytes, what);
  }
  uint64_t pages = rounded / kPageSize;
  efi::PhysicalAddress phys = 0;
  efi::StatusCode status = boot_services->AllocatePages(
      efi::AllocateType::kAnyPages, static_cast<efi::MemoryType>(memory_type), pages, &phys);
  if (efi::IsError(status)) {
    return failure.FirmwareError(status,
                                 "give the machine more memory (RaeenOS needs at least 128 MiB)",
                                 "cannot allocate {} KiB for {}", rounded >> 10, what);
  }
  __builtin_memset(reinterpret_cast<void*>(phys), 0, rounded);
  return EfiPages(boot_services, phys, pages);
}

}  // namespace raeen::boot
