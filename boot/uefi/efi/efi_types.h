#pragma once
// The basic UEFI data types and status codes, written from the UEFI Specification 2.10
// [UEFI 2.10, 2.3.1 "Data Types"] and [UEFI 2.10, Appendix D "Status Codes"].
//
// Naming: the types follow the house style (efi::SystemTable for EFI_SYSTEM_TABLE), but the
// fields of firmware structures keep the specification's names (ConOut, AllocatePages) so that
// every access can be checked against the specification by searching for it.
//
// This header has no function pointers and no inline assembly: it is also compiled for the host
// tests (status names, memory descriptors).

#include <stdint.h>

// Every UEFI interface uses the Microsoft x64 calling convention [UEFI 2.10, 2.3.4.2]. It is
// the default for the x86_64-unknown-windows target rae-boot is built for; spelling it out
// keeps the declarations correct if they are ever compiled for another target.
#define RAEEN_EFIAPI __attribute__((ms_abi))

namespace raeen::boot::efi {

using Handle = void*;     // EFI_HANDLE
using Event = void*;      // EFI_EVENT
using Uintn = uint64_t;   // UINTN on x64
using Boolean = uint8_t;  // BOOLEAN: one byte, 0 or 1
using Char16 = char16_t;  // CHAR16: UCS-2 [UEFI 2.10, 2.3.1]
using PhysicalAddress = uint64_t;
using VirtualAddress = uint64_t;
using StatusCode = uint64_t;  // EFI_STATUS (a UINTN)

// EFI_GUID: 128 bits, 64-bit aligned in memory [UEFI 2.10, 2.3.1 and Appendix A].
struct Guid {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
};

constexpr bool operator==(const Guid& a, const Guid& b) {
  if (a.Data1 != b.Data1 || a.Data2 != b.Data2 || a.Data3 != b.Data3) return false;
  for (int i = 0; i < 8; ++i) {
    if (a.Data4[i] != b.Data4[i]) return false;
  }
  return true;
}

// EFI_TABLE_HEADER, which starts the system and boot services tables [UEFI 2.10, 4.2].
struct TableHeader {
  uint64_t Signature;
  uint32_t Revision;
  uint32_t HeaderSize;
  uint32_t CRC32;
  uint32_t Reserved;
};

// Status codes [UEFI 2.10, Appendix D]. Errors have the high bit set; warnings do not.
inline constexpr StatusCode kErrorBit = 1ull << 63;
constexpr StatusCode ErrorCode(uint64_t n) {
  return kErrorBit | n;
}
constexpr bool IsError(StatusCode status) {
  return (status & kErrorBit) != 0;
}

inline constexpr StatusCode kSuccess = 0;
inline constexpr StatusCode kLoadError = ErrorCode(1);
inline constexpr StatusCode kInvalidParameter = ErrorCode(2);
inline constexpr StatusCode kUnsupported = ErrorCode(3);
inline constexpr StatusCode kBadBufferSize = ErrorCode(4);
inline constexpr StatusCode kBufferTooSmall = ErrorCode(5);
inline constexpr StatusCode kNotReady = ErrorCode(6);
inline constexpr StatusCode kDeviceError = ErrorCode(7);
inline constexpr StatusCode kWriteProtected = ErrorCode(8);
inline constexpr StatusCode kOutOfResources = ErrorCode(9);
inline constexpr StatusCode kVolumeCorrupted = ErrorCode(10);
inline constexpr StatusCode kVolumeFull = ErrorCode(11);
inline constexpr StatusCode kNoMedia = ErrorCode(12);
inline constexpr StatusCode kMediaChanged = ErrorCode(13);
inline constexpr StatusCode kNotFound = ErrorCode(14);
inline constexpr StatusCode kAccessDenied = ErrorCode(15);
inline constexpr StatusCode kNoResponse = ErrorCode(16);
inline constexpr StatusCode kNoMapping = ErrorCode(17);
inline constexpr StatusCode kTimeout = ErrorCode(18);
inline constexpr StatusCode kNotStarted = ErrorCode(19);
inline constexpr StatusCode kAlreadyStarted = ErrorCode(20);
inline constexpr StatusCode kAborted = ErrorCode(21);
inline constexpr StatusCode kIcmpError = ErrorCode(22);
inline constexpr StatusCode kTftpError = ErrorCode(23);
inline constexpr StatusCode kProtocolError = ErrorCode(24);
inline constexpr StatusCode kIncompatibleVersion = ErrorCode(25);
inline constexpr StatusCode kSecurityViolation = ErrorCode(26);
inline constexpr StatusCode kCrcError = ErrorCode(27);
inline constexpr StatusCode kEndOfMedia = ErrorCode(28);
inline constexpr StatusCode kEndOfFile = ErrorCode(31);
inline constexpr StatusCode kInvalidLanguage = ErrorCode(32);
inline constexpr StatusCode kCompromisedData = ErrorCode(33);
inline constexpr StatusCode kIpAddressConflict = ErrorCode(34);
inline constexpr StatusCode kHttpError = ErrorCode(35);

inline constexpr StatusCode kWarnUnknownGlyph = 1;
inline constexpr StatusCode kWarnDeleteFailure = 2;
inline constexpr StatusCode kWarnWriteFailure = 3;
inline constexpr StatusCode kWarnBufferTooSmall = 4;
inline constexpr StatusCode kWarnStaleData = 5;
inline constexpr StatusCode kWarnFileSystem = 6;
inline constexpr StatusCode kWarnResetRequired = 7;

}  // namespace raeen::boot::efi
