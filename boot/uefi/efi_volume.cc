#include "boot/uefi/efi_volume.h"

#include "boot/uefi/console_text.h"
#include "boot/uefi/efi/loaded_image.h"

namespace raeen::boot {
namespace {

constexpr const char* kEspAdvice =
    "boot rae-boot from the FAT EFI system partition that ./rae build makes; rae-boot reads "
    "its files from the partition it was loaded from";
constexpr const char* kReadAdvice =
    "check the EFI system partition (rebuild the boot image with ./rae build)";

}  // namespace

void EfiVolume::Close() {
  if (root_ != nullptr) (void)root_->Close(root_);
  root_ = nullptr;
}

Result<EfiVolume> EfiVolume::Open(efi::Handle image, efi::BootServices* boot_services,
                                  BootFailure& failure) {
  efi::LoadedImageProtocol* loaded_image = nullptr;
  efi::StatusCode status = boot_services->HandleProtocol(image, &efi::kLoadedImageProtocolGuid,
                                                         reinterpret_cast<void**>(&loaded_image));
  if (efi::IsError(status)) {
    return failure.FirmwareError(status, kEspAdvice, "no EFI_LOADED_IMAGE_PROTOCOL on rae-boot");
  }
  efi::SimpleFileSystemProtocol* file_system = nullptr;
  status =
      boot_services->HandleProtocol(loaded_image->DeviceHandle, &efi::kSimpleFileSystemProtocolGuid,
                                    reinterpret_cast<void**>(&file_system));
  if (efi::IsError(status)) {
    return failure.FirmwareError(status, kEspAdvice,
                                 "the boot device has no EFI_SIMPLE_FILE_SYSTEM_PROTOCOL");
  }
  efi::FileProtocol* root = nullptr;
  status = file_system->OpenVolume(file_system, &root);
  if (efi::IsError(status)) {
    return failure.FirmwareError(status, kEspAdvice, "cannot open the EFI system partition");
  }
  return EfiVolume(boot_services, root);
}

Result<LoadedFile> EfiVolume::ReadFile(rstd::StringView path, uint32_t memory_type,
                                       uint64_t max_size, BootFailure& failure) {
  if (root_ == nullptr) {
    return failure.LoaderError(Status::kBadState, "report this as a rae-boot bug",
                               "{} read after the volume was closed", path);
  }
  char16_t wide_path[128];
  if (!WidenAscii(path, wide_path, sizeof(wide_path) / sizeof(wide_path[0]))) {
    return failure.LoaderError(Status::kInvalidArgument, "report this as a rae-boot bug",
                               "file name {} is too long or not ASCII", path);
  }
  efi::FileProtocol* file = nullptr;
  efi::StatusCode status = root_->Open(root_, &file, wide_path, efi::kFileModeRead, 0);
  if (status == efi::kNotFound) return Error(Status::kNotFound);
  if (efi::IsError(status)) {
    return failure.FirmwareError(status, kReadAdvice, "cannot open {}", path);
  }
  Result<LoadedFile> loaded = ReadOpenFile(file, path, memory_type, max_size, failure);
  (void)file->Close(file);
  return loaded;
}

Result<LoadedFile> EfiVolume::ReadOpenFile(efi::FileProtocol* file, rstd::StringView path,
                                           uint32_t memory_type, uint64_t max_size,
                                           BootFailure& failure) {
  // EFI_FILE_INFO plus a name of up to 255 UCS-2 characters, the FAT limit.
  alignas(8) uint8_t info_buffer[sizeof(efi::FileInfo) + 256 * sizeof(char16_t)];
  efi::Uintn info_size = sizeof(info_buffer);
  efi::StatusCode status = file->GetInfo(file, &efi::kFileInfoGuid, &info_size, info_buffer);
  if (efi::IsError(status)) {
    return failure.FirmwareError(status, kReadAdvice, "cannot get the size of {}", path);
  }
  efi::FileInfo info;
  __builtin_memcpy(&info, info_buffer, sizeof(info));
  if ((info.Attribute & efi::kFileDirectory) != 0) {
    return failure.LoaderError(Status::kInvalidArgument, kReadAdvice,
                               "{} is a directory, not a file", path);
  }
  if (info.FileSize > max_size) {
    return failure.LoaderError(Status::kOutOfRange, kReadAdvice,
                               "{} is {} bytes; at most {} MiB are accepted", path, info.FileSize,
                               max_size >> 20);
  }
  if (info.FileSize == 0) return LoadedFile{EfiPages(), 0};

  RAEEN_TRY(EfiPages pages,
            EfiPages::Allocate(boot_services_, memory_type, info.FileSize, path, failure));
  uint64_t done = 0;
  while (done < info.FileSize) {
    efi::Uintn chunk = info.FileSize - done;
    status = file->Read(file, &chunk, pages.data() + done);
    if (efi::IsError(status)) {
      return failure.FirmwareError(status, kReadAdvice, "reading {} failed after {} of {} bytes",
                                   path, done, info.FileSize);
    }
    if (chunk == 0) {
      return failure.LoaderError(Status::kIoError, kReadAdvice, "{} ended after {} of {} bytes",
                                 path, done, info.FileSize);
    }
    done += chunk;
  }
  return LoadedFile{rstd::Move(pages), info.FileSize};
}

}  // namespace raeen::boot
