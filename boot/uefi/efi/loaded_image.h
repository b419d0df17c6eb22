#pragma once
// EFI_LOADED_IMAGE_PROTOCOL [UEFI 2.10, 9.1]: installed on rae-boot's own image handle. Its
// DeviceHandle is the device (the ESP) that the image was loaded from.

#include "boot/uefi/efi/efi_types.h"
#include "boot/uefi/efi/memory.h"

namespace raeen::boot::efi {

struct SystemTable;

inline constexpr Guid kLoadedImageProtocolGuid = {
    0x5b1b31a1, 0x9562, 0x11d2, {0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};

struct LoadedImageProtocol {
  uint32_t Revision;
  Handle ParentHandle;
  SystemTable* SystemTable;
  Handle DeviceHandle;
  void* FilePath;
  void* Reserved;
  uint32_t LoadOptionsSize;
  void* LoadOptions;
  void* ImageBase;
  uint64_t ImageSize;
  MemoryType ImageCodeType;
  MemoryType ImageDataType;
  void* Unload;
};

}  // namespace raeen::boot::efi
