#pragma once
// EfiPages: pages from BootServices->AllocatePages() [UEFI 2.10, 7.2], owned. If rae-boot fails
// before ExitBootServices() and returns to the firmware, the destructors give every page back,
// so the next boot option starts with the memory it expects. On success nothing is freed: the
// loader jumps to the kernel and never returns.

#include <stdint.h>

#include "boot/uefi/boot_failure.h"
#include "boot/uefi/efi/system_table.h"
#include "libs/rstd/result.h"

namespace raeen::boot {

class EfiPages {
 public:
  static constexpr uint64_t kPageSize = 4096;

  EfiPages() = default;
  EfiPages(EfiPages&& other)
      : boot_services_(other.boot_services_), phys_(other.phys_), pages_(other.pages_) {
    other.pages_ = 0;
  }
  EfiPages& operator=(EfiPages&&) = delete;
  EfiPages(const EfiPages&) = delete;
  EfiPages& operator=(const EfiPages&) = delete;
  ~EfiPages() {
    if (pages_ != 0) (void)boot_services_->FreePages(phys_, pages_);
  }

  // Allocates enough zeroed pages of `memory_type` (a raw EFI_MEMORY_TYPE value, standard or
  // one of LoaderMemoryType) for `bytes` bytes, anywhere in physical memory. `what` names the
  // allocation in the failure report.
  static Result<EfiPages> Allocate(efi::BootServices* boot_services, uint32_t memory_type,
                                   uint64_t bytes, rstd::StringView what, BootFailure& failure);

  // UEFI identity-maps memory, so the physical address is also a usable pointer.
  uint64_t phys() const { return phys_; }
  uint8_t* data() const { return reinterpret_cast<uint8_t*>(phys_); }
  uint64_t size() const { return pages_ * kPageSize; }

 private:
  EfiPages(efi::BootServices* boot_services, uint64_t phys, uint64_t pages)
      : boot_services_(boot_services), phys_(phys), pages_(pages) {}

  efi::BootServices* boot_services_ = nullptr;
  uint64_t phys_ = 0;
  uint64_t pages_ = 0;
};

}  // namespace raeen::boot
