#include "kernel/mm/boot_memory_reclaim.h"

#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"

namespace raeen::kernel {
namespace {

// Boot memory below 1 MiB stays reserved: the application processors' start-up code must live
// there (the SIPI vector is a page number below 1 MiB), and physical page 0 is never handed
// out, so a physical address of 0 can never be a valid allocation.
constexpr uint64_t kLowMemoryEnd = 1ull << 20;

uint64_t BytesOfKind(rstd::Span<const boot::MemoryRange> map, boot::MemoryKind kind) {
  uint64_t bytes = 0;
  for (const boot::MemoryRange& range : map) {
    if (range.kind == kind) bytes += range.size;
  }
  return bytes;
}

}  // namespace

Result<ReclaimedBootMemory> TakeOverBootMemory(const boot::Handoff& from, boot::Handoff* kept) {
  const uint64_t direct_map = from.direct_map_base;
  rstd::Span<const boot::MemoryRange> old_map(
      reinterpret_cast<const boot::MemoryRange*>(direct_map + from.memory_map),
      from.memory_map_count);

  AllocChecker checker;
  auto* map_copy = new (checker) boot::MemoryRange[from.memory_map_count];
  if (!checker.Check()) return Error(Status::kNoMemory);
  __builtin_memcpy(map_copy, old_map.data(), old_map.size_bytes());
  AllocChecker clipped_checker;
  auto* clipped = new (clipped_checker) boot::MemoryRange[from.memory_map_count];
  if (!clipped_checker.Check()) {
    delete[] map_copy;
    return Error(Status::kNoMemory);
  }

  uint64_t kernel_file_copy = 0;
  if (from.kernel_file_size != 0) {
    Result<uint64_t> pages =
        PhysicalPages().AllocatePages(OrderForBytes(from.kernel_file_size), PageKind::kKernel);
    if (!pages.ok()) {
      delete[] map_copy;
      delete[] clipped;
      return Error(pages.status());
    }
    kernel_file_copy = *pages;
    __builtin_memcpy(reinterpret_cast<void*>(direct_map + kernel_file_copy),
                     reinterpret_cast<const void*>(direct_map + from.kernel_file),
                     from.kernel_file_size);
  }

  *kept = from;
  // The heap lives in the direct map, so its physical address is the offset from the base.
  kept->memory_map = reinterpret_cast<uint64_t>(map_copy) - direct_map;
  kept->kernel_file = kernel_file_copy;

  // From here on only the copies are read.
  rstd::Span<const boot::MemoryRange> map(map_copy, from.memory_map_count);
  // The map to reclaim from: the copy, less everything below kLowMemoryEnd.
  for (size_t i = 0; i < map.size(); ++i) {
    boot::MemoryRange range = map[i];
    if (range.base < kLowMemoryEnd) {
      uint64_t end = range.base + range.size;
      range.base = kLowMemoryEnd;
      range.size = end > kLowMemoryEnd ? end - kLowMemoryEnd : 0;
    }
    clipped[i] = range;
  }
  rstd::Span<const boot::MemoryRange> clipped_map(clipped, map.size());
  ReclaimedBootMemory reclaimed{
      .boot_services_bytes = BytesOfKind(clipped_map, boot::MemoryKind::kBootReclaimable),
      .loader_bytes = BytesOfKind(clipped_map, boot::MemoryKind::kLoaderReclaimable),
      .page_table_bytes = BytesOfKind(clipped_map, boot::MemoryKind::kPageTables),
      .kernel_file_bytes = BytesOfKind(clipped_map, boot::MemoryKind::kKernelFile),
  };
  constexpr boot::MemoryKind kReclaimed[] = {
      boot::MemoryKind::kBootReclaimable, boot::MemoryKind::kLoaderReclaimable,
      boot::MemoryKind::kPageTables, boot::MemoryKind::kKernelFile};
  Result<void> result;
  for (boot::MemoryKind kind : kReclaimed) {
    result = PhysicalPages().WithLocked(
        [&](BuddyAllocator& buddy) { return ReclaimBootMemory(buddy, clipped_map, kind); });
    if (!result.ok()) break;
  }
  delete[] clipped;
  if (!result.ok()) return Error(result.status());
  return reclaimed;
}

}  // namespace raeen::kernel
