#pragma once
// EfiVolume: the FAT file system rae-boot itself was loaded from (the EFI system partition),
// reached as EFI_LOADED_IMAGE_PROTOCOL.DeviceHandle [UEFI 2.10, 9.1] ->
// EFI_SIMPLE_FILE_SYSTEM_PROTOCOL [13.4] -> OpenVolume() -> EFI_FILE_PROTOCOL [13.5].

#include <stdint.h>

#include "boot/uefi/boot_failure.h"
#include "boot/uefi/efi/simple_file_system.h"
#include "boot/uefi/efi/system_table.h"
#include "boot/uefi/efi_pages.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::boot {

struct LoadedFile {
  EfiPages pages;  // empty for an empty file
  uint64_t size;   // bytes of file content at pages.data(); the rest of the pages is zero
};

class EfiVolume {
 public:
  EfiVolume(EfiVolume&& other) : boot_services_(other.boot_services_), root_(other.root_) {
    other.root_ = nullptr;
  }
  EfiVolume(const EfiVolume&) = delete;
  EfiVolume& operator=(const EfiVolume&) = delete;
  EfiVolume& operator=(EfiVolume&&) = delete;
  ~EfiVolume() { Close(); }

  // Opens the root directory of the volume `image` was loaded from.
  static Result<EfiVolume> Open(efi::Handle image, efi::BootServices* boot_services,
                                BootFailure& failure);

  // Reads the whole file at `path` (ASCII, `\`-separated, from the root) into zeroed pages of
  // `memory_type`. A file that does not exist gives kNotFound without recording a failure, so
  // the caller decides whether that is fatal; every other problem (a directory, a file larger
  // than `max_size`, a read error, a short read, no memory) is recorded in `failure`.
  Result<LoadedFile> ReadFile(rstd::StringView path, uint32_t memory_type, uint64_t max_size,
                              BootFailure& failure);

  // Closes the root directory; the volume cannot be read afterwards.
  void Close();

 private:
  EfiVolume(efi::BootServices* boot_services, efi::FileProtocol* root)
      : boot_services_(boot_services), root_(root) {}

  Result<LoadedFile> ReadOpenFile(efi::FileProtocol* file, rstd::StringView path,
                                  uint32_t memory_type, uint64_t max_size, BootFailure& failure);

  efi::BootServices* boot_services_;
  efi::FileProtocol* root_;
};

}  // namespace raeen::boot
