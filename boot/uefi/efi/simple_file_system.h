#pragma once
// EFI_SIMPLE_FILE_SYSTEM_PROTOCOL [UEFI 2.10, 13.4], EFI_FILE_PROTOCOL [UEFI 2.10, 13.5] and
// EFI_FILE_INFO [UEFI 2.10, 13.5.16].

#include "boot/uefi/efi/efi_types.h"

namespace raeen::boot::efi {

inline constexpr Guid kSimpleFileSystemProtocolGuid = {
    0x964e5b22, 0x6459, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
inline constexpr Guid kFileInfoGuid = {
    0x09576e92, 0x6d3f, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};

inline constexpr uint64_t kFileModeRead = 0x0000000000000001;
inline constexpr uint64_t kFileDirectory = 0x0000000000000010;  // EFI_FILE_INFO.Attribute bit

struct FileProtocol {
  uint64_t Revision;
  // FileName is relative to this directory; `\` separates path components.
  StatusCode(RAEEN_EFIAPI* Open)(FileProtocol* This, FileProtocol** NewHandle,
                                 const Char16* FileName, uint64_t OpenMode, uint64_t Attributes);
  StatusCode(RAEEN_EFIAPI* Close)(FileProtocol* This);
  void* Delete;
  // On entry *BufferSize is the buffer size, on return the number of bytes read.
  StatusCode(RAEEN_EFIAPI* Read)(FileProtocol* This, Uintn* BufferSize, void* Buffer);
  void* Write;
  void* GetPosition;
  void* SetPosition;
  // With kFileInfoGuid fills an EFI_FILE_INFO; EFI_BUFFER_TOO_SMALL reports the size needed.
  StatusCode(RAEEN_EFIAPI* GetInfo)(FileProtocol* This, const Guid* InformationType,
                                    Uintn* BufferSize, void* Buffer);
  void* SetInfo;
  void* Flush;
};

struct SimpleFileSystemProtocol {
  uint64_t Revision;
  StatusCode(RAEEN_EFIAPI* OpenVolume)(SimpleFileSystemProtocol* This, FileProtocol** Root);
};

// EFI_TIME [UEFI 2.10, 8.3].
struct Time {
  uint16_t Year;
  uint8_t Month;
  uint8_t Day;
  uint8_t Hour;
  uint8_t Minute;
  uint8_t Second;
  uint8_t Pad1;
  uint32_t Nanosecond;
  int16_t TimeZone;
  uint8_t Daylight;
  uint8_t Pad2;
};

// EFI_FILE_INFO, followed in memory by the NUL-terminated file name (variable length).
struct FileInfo {
  uint64_t Size;  // of this structure including the name
  uint64_t FileSize;
  uint64_t PhysicalSize;
  Time CreateTime;
  Time LastAccessTime;
  Time ModificationTime;
  uint64_t Attribute;
};

static_assert(sizeof(Time) == 16);
static_assert(sizeof(FileInfo) == 80);

}  // namespace raeen::boot::efi
