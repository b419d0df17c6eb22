#pragma once
// UEFI memory types and the memory descriptor returned by GetMemoryMap()
// [UEFI 2.10, 7.2 "Memory Allocation Services": EFI_MEMORY_TYPE, EFI_MEMORY_DESCRIPTOR].
// Kept apart from the boot services table because the host tests use it too.

#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/efi/efi_types.h"

namespace raeen::boot::efi {

// EFI_MEMORY_TYPE. Values 0x80000000..0xFFFFFFFF are reserved for use by OS loaders; rae-boot
// uses some of them to tag its own allocations (boot/uefi/memory_map.h).
enum class MemoryType : uint32_t {
  kReservedMemoryType = 0,
  kLoaderCode = 1,
  kLoaderData = 2,
  kBootServicesCode = 3,
  kBootServicesData = 4,
  kRuntimeServicesCode = 5,
  kRuntimeServicesData = 6,
  kConventionalMemory = 7,
  kUnusableMemory = 8,
  kAcpiReclaimMemory = 9,
  kAcpiMemoryNvs = 10,
  kMemoryMappedIo = 11,
  kMemoryMappedIoPortSpace = 12,
  kPalCode = 13,
  kPersistentMemory = 14,
  kUnacceptedMemoryType = 15,
};

// EFI_ALLOCATE_TYPE for AllocatePages().
enum class AllocateType : uint32_t {
  kAnyPages = 0,
  kMaxAddress = 1,
  kAddress = 2,
};

// EFI_MEMORY_DESCRIPTOR (version 1). The firmware may return larger descriptors: callers must
// step through a map by the DescriptorSize that GetMemoryMap() reports (48 on OVMF), never by
// sizeof(MemoryDescriptor) (40).
struct MemoryDescriptor {
  uint32_t Type;
  uint32_t Pad;
  PhysicalAddress PhysicalStart;  // 4 KiB aligned
  VirtualAddress VirtualStart;
  uint64_t NumberOfPages;  // 4 KiB pages
  uint64_t Attribute;
};

static_assert(sizeof(MemoryDescriptor) == 40);
static_assert(offsetof(MemoryDescriptor, PhysicalStart) == 8);
static_assert(offsetof(MemoryDescriptor, NumberOfPages) == 24);

inline constexpr uint32_t kMemoryDescriptorVersion = 1;
inline constexpr uint64_t kPageSize = 4096;

}  // namespace raeen::boot::efi
