#include "kernel/mm/kernel_heap.h"

namespace raeen::kernel {

// Host builds under AddressSanitizer mark the bytes past each request inaccessible, so that a
// test overrunning its allocation fails at once. The kernel build compiles these to nothing.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RAEEN_HEAP_ASAN 1
#endif
#endif

#if defined(RAEEN_HEAP_ASAN)
extern "C" void __asan_poison_memory_region(const volatile void* address, size_t size);
extern "C" void __asan_unpoison_memory_region(const volatile void* address, size_t size);
#endif

namespace {

void MarkInaccessible([[maybe_unused]] const void* address, [[maybe_unused]] size_t size) {
#if defined(RAEEN_HEAP_ASAN)
  __asan_poison_memory_region(address, size);
#endif
}

void MarkAccessible([[maybe_unused]] const void* address, [[maybe_unused]] size_t size) {
#if defined(RAEEN_HEAP_ASAN)
  __asan_unpoison_memory_region(address, size);
#endif
}

constexpr bool ClassesAreValid() {
  size_t previous = 0;
  for (size_t i = 0; i < KernelHeap::kClassCount; ++i) {
    SlabLayout layout = KernelHeap::ClassLayout(i);
    // One-page slabs are what lets Free tell small objects from large blocks.
    if (!layout.valid() || layout.slab_order != 0 || layout.object_size <= previous) {
      return false;
    }
    previous = layout.object_size;
  }
  return true;
}
static_assert(ClassesAreValid());

static_assert(PageSource::kPageBytes == kPageFrameSize);

}  // namespace

Result<void*> BuddyPageSource::AllocatePages(uint32_t order) {
  if (order > kMaxBuddyOrder) return Error(Status::kInvalidArgument);
  if (!rstd::IsAligned(direct_map_base_, PageSource::kPageBytes << order)) {
    return Error(Status::kUnsupported);
  }
  RAEEN_TRY(uint64_t physical, buddy_.AllocatePages(order, kind_));
  return reinterpret_cast<void*>(direct_map_base_ + physical);
}

Result<void> BuddyPageSource::FreePages(void* pages, uint32_t order) {
  RAEEN_TRY(uint32_t block_order, BlockOrder(pages));
  if (block_order != order) return Error(Status::kInvalidArgument);
  return buddy_.FreePages(PhysicalOf(pages), order);
}

Result<uint32_t> BuddyPageSource::BlockOrder(const void* pages) const {
  RAEEN_TRY(BuddyAllocator::AllocatedBlock block, buddy_.FindAllocatedBlock(PhysicalOf(pages)));
  if (block.kind != kind_) return Error(Status::kInvalidArgument);
  return block.order;
}

KernelHeap::KernelHeap(PageSource& pages)
    : pages_(pages), classes_{{pages, ClassLayout(0)}, {pages, ClassLayout(1)},
                              {pages, ClassLayout(2)}, {pages, ClassLayout(3)},
                              {pages, ClassLayout(4)}, {pages, ClassLayout(5)},
                              {pages, ClassLayout(6)}, {pages, ClassLayout(7)},
                              {pages, ClassLayout(8)}} {
  static_assert(kClassCount == 9, "list one SlabCache per class above");
}

Result<void*> KernelHeap::Allocate(size_t size, size_t alignment) {
  if (!rstd::IsPowerOfTwo(alignment) || alignment > kMaxAllocationSize) {
    return Error(Status::kInvalidArgument);
  }
  if (size > kMaxAllocationSize) return Error(Status::kNoMemory);
  if (size == 0) size = 1;

  for (SlabCache& cache : classes_) {
    const SlabLayout& layout = cache.layout();
    if (layout.object_size < size || layout.alignment < alignment) continue;
    RAEEN_TRY(void* object, cache.Allocate());
    MarkInaccessible(static_cast<uint8_t*>(object) + size, layout.object_size - size);
    return object;
  }

  // Blocks are aligned to their size, so a block that holds max(size, alignment) bytes is
  // aligned enough.
  uint32_t order = OrderForBytes(rstd::Max(size, alignment));
  RAEEN_TRY(void* block, pages_.AllocatePages(order));
  ++large_allocations_;
  large_pages_ += uint64_t{1} << order;
  MarkInaccessible(static_cast<uint8_t*>(block) + size, (PageSource::kPageBytes << order) - size);
  return block;
}

Result<void> KernelHeap::Free(void* pointer) {
  if (pointer == nullptr) return {};
  if (!rstd::IsAligned(reinterpret_cast<uintptr_t>(pointer), PageSource::kPageBytes)) {
    SlabCache* owner = SlabCache::OwnerOf(pointer, 0);
    for (SlabCache& cache : classes_) {
      if (&cache == owner) return cache.Free(pointer);
    }
    return Error(Status::kInvalidArgument);
  }

  // A large block. Ask the page source first: it knows without reading the memory whether a
  // live block starts here.
  Result<uint32_t> order = pages_.BlockOrder(pointer);
  if (!order.ok()) return Error(Status::kInvalidArgument);
  // The first page of a slab is a live block too: refuse it (its header says so). A slab
  // header is never marked inaccessible; the start of a tiny large allocation may be.
  MarkAccessible(pointer, kSlabHeaderSize);
  if (SlabCache::OwnerOf(pointer, 0) != nullptr) return Error(Status::kInvalidArgument);
  MarkAccessible(pointer, PageSource::kPageBytes << *order);
  RAEEN_TRY(pages_.FreePages(pointer, *order));
  --large_allocations_;
  large_pages_ -= uint64_t{1} << *order;
  return {};
}

uint64_t KernelHeap::Shrink() {
  uint64_t released = 0;
  for (SlabCache& cache : classes_) released += cache.Shrink();
  return released;
}

KernelHeapStats KernelHeap::Stats() const {
  KernelHeapStats stats;
  for (const SlabCache& cache : classes_) {
    SlabCacheStats cache_stats = cache.Stats();
    stats.small_objects += cache_stats.objects_in_use;
    stats.small_bytes += cache_stats.objects_in_use * cache.layout().object_size;
    stats.slab_pages += cache_stats.pages;
  }
  stats.large_allocations = large_allocations_;
  stats.large_pages = large_pages_;
  return stats;
}

void* AllocateChecked(KernelHeap& heap, size_t size, size_t alignment, AllocChecker& checker) {
  Result<void*> memory = heap.Allocate(size, alignment);
  checker.Arm(memory.ok());
  return memory.ok() ? *memory : nullptr;
}

}  // namespace raeen::kernel
