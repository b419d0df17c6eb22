#include "kernel/mm/physical_memory_stats.h"

namespace raeen::kernel {

rstd::StringView PageKindName(PageKind kind) {
  switch (kind) {
    case PageKind::kFree: return "free";
    case PageKind::kKernel: return "kernel";
    case PageKind::kPageTable: return "page-tables";
    case PageKind::kHeap: return "heap";
    case PageKind::kUser: return "user";
    case PageKind::kFirmware: return "firmware";
    case PageKind::kReserved: return "reserved";
  }
  return "unknown";
}

bool PageKindForBootMemory(boot::MemoryKind memory_kind, PageKind* kind) {
  switch (memory_kind) {
    case boot::MemoryKind::kUsable: *kind = PageKind::kFree; return true;
    case boot::MemoryKind::kKernelImage:
    case boot::MemoryKind::kKernelStack:
    case boot::MemoryKind::kInitrd:
    case boot::MemoryKind::kKernelFile: *kind = PageKind::kKernel; return true;
    case boot::MemoryKind::kPageTables: *kind = PageKind::kPageTable; return true;
    case boot::MemoryKind::kBootReclaimable:
    case boot::MemoryKind::kLoaderReclaimable:
    case boot::MemoryKind::kAcpiReclaimable: *kind = PageKind::kReserved; return true;
    case boot::MemoryKind::kAcpiNvs:
    case boot::MemoryKind::kFirmwareRuntime: *kind = PageKind::kFirmware; return true;
    case boot::MemoryKind::kReserved:
    case boot::MemoryKind::kMmio:
    case boot::MemoryKind::kBadMemory:
    case boot::MemoryKind::kPersistent: return false;
  }
  return false;
}

bool OverlapsRam(rstd::Span<const boot::MemoryRange> map, uint64_t base, uint64_t size) {
  if (size == 0) return false;
  uint64_t last = 0;  // inclusive, so that a range ending at 2^64 does not wrap
  if (__builtin_add_overflow(base, size - 1, &last)) return true;
  for (const boot::MemoryRange& range : map) {
    PageKind kind;
    if (range.size == 0 || !PageKindForBootMemory(range.kind, &kind)) continue;
    // Either the RAM range starts inside ours, or ours starts inside it (no sums: no wrap).
    if (range.base <= last && (base <= range.base || base - range.base < range.size)) {
      return true;
    }
  }
  return false;
}

uint64_t& PhysicalMemoryStats::PagesOf(PageKind kind) {
  switch (kind) {
    case PageKind::kFree: return free_pages;
    case PageKind::kKernel: return kernel_pages;
    case PageKind::kPageTable: return page_table_pages;
    case PageKind::kHeap: return heap_pages;
    case PageKind::kUser: return user_pages;
    case PageKind::kFirmware: return firmware_pages;
    case PageKind::kReserved: return reserved_pages;
  }
  // Unreachable for a valid PageKind; reserved_pages absorbs a corrupted value rather than
  // writing through a wild reference.
  return reserved_pages;
}

uint64_t PhysicalMemoryStats::PagesOf(PageKind kind) const {
  return const_cast<PhysicalMemoryStats*>(this)->PagesOf(kind);
}

uint64_t PhysicalMemoryStats::TotalPages() const {
  return free_pages + kernel_pages + page_table_pages + heap_pages + user_pages + firmware_pages +
         reserved_pages;
}

void WritePhysicalMemoryStats(rstd::Writer& out, const PhysicalMemoryStats& stats) {
  constexpr uint64_t kKibPerPage = 4;
  constexpr uint64_t kMibThresholdKib = 16 * 1024;
  for (size_t i = 0; i < kPageKindCount; ++i) {
    auto kind = static_cast<PageKind>(i);
    uint64_t kib = stats.PagesOf(kind) * kKibPerPage;
    if (i != 0) out.Write(", ");
    if (kib >= kMibThresholdKib) {
      rstd::Format(out, "{} {} MiB", PageKindName(kind), kib / 1024);
    } else {
      rstd::Format(out, "{} {} KiB", PageKindName(kind), kib);
    }
  }
}

}  // namespace raeen::kernel
