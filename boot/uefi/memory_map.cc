#include "boot/uefi/memory_map.h"

#include "boot/uefi/efi/memory.h"
#include "boot/uefi/insert_by_base.h"
#include "libs/rstd/utility.h"

namespace raeen::boot {

MemoryKind MemoryKindForEfiType(uint32_t efi_type) {
  using efi::MemoryType;
  switch (efi_type) {
    case static_cast<uint32_t>(MemoryType::kConventionalMemory): return MemoryKind::kUsable;
    case static_cast<uint32_t>(MemoryType::kBootServicesCode):
    case static_cast<uint32_t>(MemoryType::kBootServicesData): return MemoryKind::kBootReclaimable;
    case static_cast<uint32_t>(MemoryType::kLoaderCode):
    case static_cast<uint32_t>(MemoryType::kLoaderData): return MemoryKind::kLoaderReclaimable;
    case static_cast<uint32_t>(MemoryType::kAcpiReclaimMemory): return MemoryKind::kAcpiReclaimable;
    case static_cast<uint32_t>(MemoryType::kAcpiMemoryNvs): return MemoryKind::kAcpiNvs;
    case static_cast<uint32_t>(MemoryType::kRuntimeServicesCode):
    case static_cast<uint32_t>(MemoryType::kRuntimeServicesData):
      return MemoryKind::kFirmwareRuntime;
    case static_cast<uint32_t>(MemoryType::kMemoryMappedIo):
    case static_cast<uint32_t>(MemoryType::kMemoryMappedIoPortSpace): return MemoryKind::kMmio;
    case static_cast<uint32_t>(MemoryType::kUnusableMemory): return MemoryKind::kBadMemory;
    case static_cast<uint32_t>(MemoryType::kPersistentMemory): return MemoryKind::kPersistent;
    case static_cast<uint32_t>(LoaderMemoryType::kKernelImage): return MemoryKind::kKernelImage;
    case static_cast<uint32_t>(LoaderMemoryType::kPageTables): return MemoryKind::kPageTables;
    case static_cast<uint32_t>(LoaderMemoryType::kKernelStack): return MemoryKind::kKernelStack;
    case static_cast<uint32_t>(LoaderMemoryType::kLoaderData):
      return MemoryKind::kLoaderReclaimable;
    case static_cast<uint32_t>(LoaderMemoryType::kInitrd): return MemoryKind::kInitrd;
    case static_cast<uint32_t>(LoaderMemoryType::kKernelFile): return MemoryKind::kKernelFile;
    default: return MemoryKind::kReserved;
  }
}

Result<size_t> ConvertMemoryMap(rstd::Bytes map, uint64_t descriptor_size,
                                rstd::Span<MemoryRange> out, Diagnostic& diag) {
  if (descriptor_size < sizeof(efi::MemoryDescriptor) || descriptor_size % 8 != 0) {
    return diag.Fail(Status::kCorrupt,
                     "memory map descriptor size {} (expected >= {}, a "
                     "multiple of 8)",
                     descriptor_size, sizeof(efi::MemoryDescriptor));
  }
  if (map.size() % descriptor_size != 0) {
    return diag.Fail(Status::kCorrupt,
                     "memory map size {} is not a multiple of the descriptor "
                     "size {}",
                     map.size(), descriptor_size);
  }
  size_t descriptors = map.size() / descriptor_size;
  size_t count = 0;
  for (size_t i = 0; i < descriptors; ++i) {
    efi::MemoryDescriptor descriptor;
    __builtin_memcpy(&descriptor, map.data() + i * descriptor_size, sizeof(descriptor));
    if (descriptor.NumberOfPages == 0) continue;
    uint64_t size = 0;
    uint64_t end = 0;
    if (!rstd::IsAligned(descriptor.PhysicalStart, efi::kPageSize) ||
        !rstd::CheckedMul(descriptor.NumberOfPages, efi::kPageSize, &size) ||
        !rstd::CheckedAdd(descriptor.PhysicalStart, size, &end)) {
      return diag.Fail(Status::kCorrupt,
                       "memory map descriptor {} ({:#x}, {} pages) is "
                       "unaligned or overflows",
                       i, descriptor.PhysicalStart, descriptor.NumberOfPages);
    }
    if (count == out.size()) {
      return diag.Fail(Status::kBufferTooSmall, "memory map has more than {} ranges", out.size());
    }
    MemoryRange range = {descriptor.PhysicalStart, size, MemoryKindForEfiType(descriptor.Type), 0};
    InsertByBase(out, count++, range);
  }

  size_t merged = 0;
  for (size_t i = 0; i < count; ++i) {
    MemoryRange range = out[i];
    if (merged > 0) {
      MemoryRange& previous = out[merged - 1];
      uint64_t previous_end = previous.base + previous.size;
      if (range.base < previous_end) {
        return diag.Fail(Status::kCorrupt,
                         "memory map ranges overlap: [{:#x}, {:#x}) and "
                         "[{:#x}, {:#x})",
                         previous.base, previous_end, range.base, range.base + range.size);
      }
      if (range.base == previous_end && range.kind == previous.kind) {
        previous.size += range.size;
        continue;
      }
    }
    out[merged++] = range;
  }
  return merged;
}

}  // namespace raeen::boot
