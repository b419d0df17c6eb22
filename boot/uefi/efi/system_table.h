#pragma once
// EFI_SYSTEM_TABLE [UEFI 2.10, 4.3], EFI_BOOT_SERVICES [UEFI 2.10, 4.4] and
// EFI_CONFIGURATION_TABLE [UEFI 2.10, 4.6]. Boot services rae-boot does not call are declared
// as `void*` so the table keeps its layout without pretending to type them; the offsets are
// checked below against the specification's order.

#include <stddef.h>

#include "boot/uefi/efi/efi_types.h"
#include "boot/uefi/efi/memory.h"
#include "boot/uefi/efi/simple_text_output.h"

namespace raeen::boot::efi {

struct BootServices {
  TableHeader Hdr;

  // Task priority services [UEFI 2.10, 7.1].
  void* RaiseTPL;
  void* RestoreTPL;

  // Memory allocation services [UEFI 2.10, 7.2].
  StatusCode(RAEEN_EFIAPI* AllocatePages)(AllocateType Type, MemoryType MemoryType, Uintn Pages,
                                          PhysicalAddress* Memory);
  StatusCode(RAEEN_EFIAPI* FreePages)(PhysicalAddress Memory, Uintn Pages);
  // On entry *MemoryMapSize is the buffer size; on EFI_BUFFER_TOO_SMALL it is the size needed.
  StatusCode(RAEEN_EFIAPI* GetMemoryMap)(Uintn* MemoryMapSize, MemoryDescriptor* MemoryMap,
                                         Uintn* MapKey, Uintn* DescriptorSize,
                                         uint32_t* DescriptorVersion);
  StatusCode(RAEEN_EFIAPI* AllocatePool)(MemoryType PoolType, Uintn Size, void** Buffer);
  StatusCode(RAEEN_EFIAPI* FreePool)(void* Buffer);

  // Event and timer services [UEFI 2.10, 7.1].
  void* CreateEvent;
  void* SetTimer;
  void* WaitForEvent;
  void* SignalEvent;
  void* CloseEvent;
  void* CheckEvent;

  // Protocol handler services [UEFI 2.10, 7.3].
  void* InstallProtocolInterface;
  void* ReinstallProtocolInterface;
  void* UninstallProtocolInterface;
  StatusCode(RAEEN_EFIAPI* HandleProtocol)(Handle Handle, const Guid* Protocol, void** Interface);
  void* Reserved;
  void* RegisterProtocolNotify;
  void* LocateHandle;
  void* LocateDevicePath;
  void* InstallConfigurationTable;

  // Image services [UEFI 2.10, 7.4].
  void* LoadImage;
  void* StartImage;
  void* Exit;
  void* UnloadImage;
  // Ends boot services. MapKey must come from the latest GetMemoryMap(); on
  // EFI_INVALID_PARAMETER the map changed and, after that first failure, only GetMemoryMap() may
  // be called before trying again.
  StatusCode(RAEEN_EFIAPI* ExitBootServices)(Handle ImageHandle, Uintn MapKey);

  // Miscellaneous services [UEFI 2.10, 7.5].
  void* GetNextMonotonicCount;
  StatusCode(RAEEN_EFIAPI* Stall)(Uintn Microseconds);
  StatusCode(RAEEN_EFIAPI* SetWatchdogTimer)(Uintn Timeout, uint64_t WatchdogCode, Uintn DataSize,
                                             const Char16* WatchdogData);

  // Driver support services [UEFI 2.10, 7.3].
  void* ConnectController;
  void* DisconnectController;

  // Open and close protocol services [UEFI 2.10, 7.3].
  void* OpenProtocol;
  void* CloseProtocol;
  void* OpenProtocolInformation;

  // Library services [UEFI 2.10, 7.3].
  void* ProtocolsPerHandle;
  void* LocateHandleBuffer;
  StatusCode(RAEEN_EFIAPI* LocateProtocol)(const Guid* Protocol, void* Registration,
                                           void** Interface);
  void* InstallMultipleProtocolInterfaces;
  void* UninstallMultipleProtocolInterfaces;

  // 32-bit CRC services and memory utilities [UEFI 2.10, 7.5].
  void* CalculateCrc32;
  void* CopyMem;
  void* SetMem;
  void* CreateEventEx;
};

static_assert(offsetof(BootServices, AllocatePages) == 40);
static_assert(offsetof(BootServices, GetMemoryMap) == 56);
static_assert(offsetof(BootServices, HandleProtocol) == 152);
static_assert(offsetof(BootServices, ExitBootServices) == 232);
static_assert(offsetof(BootServices, Stall) == 248);
static_assert(offsetof(BootServices, SetWatchdogTimer) == 256);
static_assert(offsetof(BootServices, LocateProtocol) == 320);
static_assert(offsetof(BootServices, CreateEventEx) == 368);

// EFI_CONFIGURATION_TABLE: a GUID-tagged pointer to a firmware table [UEFI 2.10, 4.6].
struct ConfigurationTable {
  Guid VendorGuid;
  void* VendorTable;
};

// The RSDP of ACPI 2.0 and later (XSDT) and of ACPI 1.0 (RSDT) [UEFI 2.10, 4.6.1].
inline constexpr Guid kAcpi20TableGuid = {
    0x8868e871, 0xe4f1, 0x11d3, {0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81}};
inline constexpr Guid kAcpi10TableGuid = {
    0xeb9d2d30, 0x2d88, 0x11d3, {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};

struct SystemTable {
  TableHeader Hdr;
  Char16* FirmwareVendor;
  uint32_t FirmwareRevision;
  Handle ConsoleInHandle;
  void* ConIn;
  Handle ConsoleOutHandle;
  SimpleTextOutputProtocol* ConOut;
  Handle StandardErrorHandle;
  SimpleTextOutputProtocol* StdErr;
  void* RuntimeServices;
  BootServices* BootServices;
  Uintn NumberOfTableEntries;
  ConfigurationTable* ConfigurationTable;
};

static_assert(offsetof(SystemTable, ConOut) == 64);
static_assert(offsetof(SystemTable, BootServices) == 96);
static_assert(offsetof(SystemTable, ConfigurationTable) == 112);

}  // namespace raeen::boot::efi
