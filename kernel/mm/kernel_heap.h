#pragma once
// The general-purpose kernel heap: size classes of 16 to 2000 bytes served by one-page
// SlabCaches, and whole naturally aligned page blocks for larger or more strictly aligned
// requests. Every allocation can fail with a Status; nothing here panics on exhaustion.
//
// How Free finds its way without a size: a small object never starts a page (each one-page
// slab begins with its header), so an address that is not page aligned is a slab object whose
// header sits at the start of its page; a page-aligned address is a large block, whose order
// the page source already records (BlockOrder), so large blocks need no header and a
// page-aligned request wastes nothing.
//
// Not synchronized: one lock around the heap. The heap calls its PageSource while that lock is
// held, so the buddy allocator's lock must rank above the heap's.
// Boot wiring (kernel code): construct once with placement new into static storage after the
// buddy allocator is up, over a BuddyPageSource for PageKind::kHeap; then define the operator
// new/delete overloads as alloc_checker.h shows.

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/buddy_allocator.h"
#include "kernel/mm/slab_cache.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// A PageSource over the buddy allocator, addressing pages through the direct map: block
// virtual address = direct_map_base + physical address. Blocks are counted under `kind`, and
// BlockOrder/FreePages accept only blocks of that kind (a heap Free cannot release a page
// table). `direct_map_base` should be aligned to the largest block (4 MiB): an order whose
// block it does not align is refused with kUnsupported, never handed out misaligned.
// Not synchronized: the caller holds the buddy allocator's lock.
class BuddyPageSource final : public PageSource {
 public:
  BuddyPageSource(BuddyAllocator& buddy, uint64_t direct_map_base, PageKind kind)
      : buddy_(buddy), direct_map_base_(direct_map_base), kind_(kind) {}

  Result<void*> AllocatePages(uint32_t order) override;
  Result<void> FreePages(void* pages, uint32_t order) override;
  Result<uint32_t> BlockOrder(const void* pages) const override;

 private:
  uint64_t PhysicalOf(const void* pages) const {
    return reinterpret_cast<uintptr_t>(pages) - direct_map_base_;
  }

  BuddyAllocator& buddy_;
  uint64_t direct_map_base_;
  PageKind kind_;
};

struct KernelHeapStats {
  uint64_t small_objects = 0;      // live allocations from the size classes
  uint64_t small_bytes = 0;        // their size-class bytes (what they occupy)
  uint64_t slab_pages = 0;         // pages the size classes hold, free slots included
  uint64_t large_allocations = 0;  // live page-block allocations
  uint64_t large_pages = 0;        // pages they hold
};

class KernelHeap {
 public:
  // What operator new asks for without an alignment (__STDCPP_DEFAULT_NEW_ALIGNMENT__).
  static constexpr size_t kDefaultAlignment = 16;
  // Larger requests fail with kNoMemory: big buffers belong in memory objects, not the heap.
  static constexpr uint32_t kMaxLargeOrder = kMaxBuddyOrder;
  static constexpr size_t kMaxAllocationSize = PageSource::kPageBytes << kMaxLargeOrder;

  // Size classes, smallest first: powers of two aligned to their size up to 512 bytes, then
  // the largest 16-byte multiples of which 4, 3 and 2 fit in a one-page slab.
  static constexpr size_t kClassCount = 9;
  static constexpr SlabLayout ClassLayout(size_t index) {
    constexpr size_t kObjectArea =
        PageSource::kPageBytes - rstd::AlignUp(kSlabHeaderSize, kDefaultAlignment);
    if (index < 6) {
      size_t size = size_t{16} << index;
      return SlabLayout::For(size, size, 0);
    }
    size_t per_slab = 4 - (index - 6);
    return SlabLayout::For(rstd::AlignDown(kObjectArea / per_slab, kDefaultAlignment),
                           kDefaultAlignment, 0);
  }
  // `pages` must outlive the heap. Takes no memory until the first allocation.
  explicit KernelHeap(PageSource& pages);
  KernelHeap(const KernelHeap&) = delete;
  KernelHeap& operator=(const KernelHeap&) = delete;

  // At least `size` bytes (a zero size counts as one, so every allocation is distinct) aligned
  // to `alignment` (a power of two), contents undefined.
  // Errors (nothing changed): kInvalidArgument (alignment not a power of two, or above
  // kMaxAllocationSize), kNoMemory (exhausted, or size above kMaxAllocationSize).
  Result<void*> Allocate(size_t size, size_t alignment = kDefaultAlignment);

  // Returns memory from Allocate; null is accepted and does nothing. Errors (nothing changed):
  // kInvalidArgument (not something this heap handed out, or a large block already freed),
  // kBadState (a small object already freed: detected while its slab is still in the cache;
  // once an empty slab went back to the page source, a stale pointer is like any other
  // use-after-free). For an address that is not page aligned, Free
  // reads the slab header at its page start: in the kernel every heap page stays in the direct
  // map, so even a stale pointer is safe to check.
  Result<void> Free(void* pointer);

  // Returns the size classes' empty slabs to the page source (under memory pressure); the
  // number of pages given back.
  uint64_t Shrink();

  KernelHeapStats Stats() const;

 private:
  PageSource& pages_;
  SlabCache classes_[kClassCount];
  uint64_t large_allocations_ = 0;
  uint64_t large_pages_ = 0;
};

// The body of the operator new overloads (alloc_checker.h): allocates from `heap`, arms
// `checker` with the outcome and returns the memory or nullptr.
void* AllocateChecked(KernelHeap& heap, size_t size, size_t alignment, AllocChecker& checker);

}  // namespace raeen::kernel
