#pragma once
// Turning the UEFI memory map into the hand-off's MemoryRange list.
//
// This runs after ExitBootServices(), so it is pure computation into a buffer the caller
// allocated beforehand: no allocation, no firmware calls.
//
// rae-boot tags its own allocations with memory types from the range UEFI reserves for OS
// loaders (0x80000000 and up) [UEFI 2.10, 7.2, EFI_MEMORY_TYPE], so that the final map tells the
// kernel exactly which pages hold its image, stack, page tables, files and hand-off.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/diagnostic.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::boot {

enum class LoaderMemoryType : uint32_t {
  kKernelImage = 0x80000001,  // the loaded, relocated kernel segments
  kPageTables = 0x80000002,   // the initial page tables
  kKernelStack = 0x80000003,  // the boot CPU's stack
  kLoaderData = 0x80000004,   // the hand-off and the MemoryRange array
  kInitrd = 0x80000005,       // \raeen\initrd.tar
  kKernelFile = 0x80000006,   // \raeen\kernel.elf as read from disk
};

// The hand-off kind for an EFI memory type (standard or one of LoaderMemoryType). Unknown types
// (including other OS or OEM types) are kReserved: the kernel must not touch what it does not
// understand.
MemoryKind MemoryKindForEfiType(uint32_t efi_type);

// Converts the raw map returned by GetMemoryMap() (`map` holds whole descriptors of
// `descriptor_size` bytes each, which may exceed sizeof(efi::MemoryDescriptor)) into `out`:
// sorted by base, neighbouring ranges of the same kind merged, empty descriptors dropped.
// Returns the number of ranges written. Errors: kCorrupt for a descriptor size below 40 or not
// a multiple of 8, a map size that is not a whole number of descriptors, an unaligned or
// overflowing descriptor, or two descriptors that overlap; kBufferTooSmall if `out` cannot
// hold every descriptor.
Result<size_t> ConvertMemoryMap(rstd::Bytes map, uint64_t descriptor_size,
                                rstd::Span<MemoryRange> out, Diagnostic& diag);

}  // namespace raeen::boot
