#pragma once
// Fixed-size object caches for kernel objects [Bonwick, "The Slab Allocator", USENIX 1994]:
// a slab is one naturally aligned block of 2^order pages from a PageSource; its first bytes
// are a SlabHeader, the rest holds `capacity` objects. Slabs sit on a partial, a full or an
// empty list; allocation prefers partial slabs, and empty slabs beyond a small reserve go back
// to the page source.
//
// Free objects are tracked by a 256-bit allocation bitmap in the slab header rather than by
// free-list pointers written into the free objects: nothing is stored in freed memory, so a
// use-after-free write cannot redirect a later allocation, and a double free or an interior
// pointer is detected exactly. A free slot is found with a few count-trailing-zeros over four
// words; a slab holds at most kMaxObjectsPerSlab objects.
//
// Not synchronized: the owner serializes all calls (a cache per lock, or a lock around it).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {

// Where slab caches and the kernel heap get their memory: blocks of 2^order 4 KiB pages,
// addressed by kernel virtual addresses. In the kernel, BuddyPageSource (kernel_heap.h); in
// host tests, a fake.
class PageSource {
 public:
  static constexpr size_t kPageBytes = 4096;

  // 2^order contiguous pages aligned to their size (2^order * kPageBytes), contents undefined.
  // Errors: kNoMemory (exhausted), kInvalidArgument (an order the source does not provide),
  // kUnsupported (the source cannot align a block this large).
  virtual Result<void*> AllocatePages(uint32_t order) = 0;

  // Returns a block AllocatePages handed out, with its order. Errors (nothing changed):
  // kInvalidArgument or kBadState for anything else (never handed out, already free, other
  // order).
  virtual Result<void> FreePages(void* pages, uint32_t order) = 0;

  // The order of the live block that AllocatePages returned at `pages`. kInvalidArgument for
  // any other address (including a block already freed). Never reads the pages.
  virtual Result<uint32_t> BlockOrder(const void* pages) const = 0;

 protected:
  ~PageSource() = default;
};

// Bytes at the start of every slab taken by its header (SlabCache::SlabHeader).
inline constexpr size_t kSlabHeaderSize = 72;

// How objects are laid out in a slab. Computed once per cache by For(); `capacity == 0` means
// no layout exists for the request.
struct SlabLayout {
  static constexpr uint32_t kMaxObjectsPerSlab = 256;  // bits in the slab's bitmap
  static constexpr uint32_t kMaxSlabOrder = 4;         // 64 KiB slabs
  static constexpr uint32_t kAutoOrder = 0xff;
  // With kAutoOrder, the smallest slab that holds at least this many objects.
  static constexpr uint32_t kMinAutoObjects = 8;

  uint32_t object_size = 0;   // the stride: the size rounded up to the alignment
  uint32_t alignment = 0;     // every object's address is a multiple of this
  uint32_t first_object = 0;  // offset of object 0 from the slab's start
  uint32_t capacity = 0;      // objects per slab
  uint32_t slab_order = 0;    // a slab is 2^slab_order pages

  constexpr bool valid() const { return capacity != 0; }
  constexpr size_t slab_bytes() const { return PageSource::kPageBytes << slab_order; }

  // The layout for objects of `object_size` bytes aligned to `alignment` (a power of two, at
  // most one page) in slabs of 2^slab_order pages, or with kAutoOrder the smallest slab
  // holding kMinAutoObjects objects (the largest slab if none does). Invalid (capacity 0)
  // when the arguments are out of range or no object fits.
  static constexpr SlabLayout For(size_t object_size, size_t alignment,
                                  uint32_t slab_order = kAutoOrder) {
    if (object_size == 0 || !rstd::IsPowerOfTwo(alignment) || alignment > PageSource::kPageBytes ||
        object_size > (PageSource::kPageBytes << kMaxSlabOrder)) {
      return {};
    }
    if (slab_order != kAutoOrder) {
      return slab_order <= kMaxSlabOrder ? WithOrder(object_size, alignment, slab_order)
                                         : SlabLayout{};
    }
    for (uint32_t order = 0; order <= kMaxSlabOrder; ++order) {
      SlabLayout layout = WithOrder(object_size, alignment, order);
      if (layout.capacity >= kMinAutoObjects || layout.capacity == kMaxObjectsPerSlab) {
        return layout;
      }
    }
    return WithOrder(object_size, alignment, kMaxSlabOrder);
  }

 private:
  static constexpr SlabLayout WithOrder(size_t object_size, size_t alignment, uint32_t order) {
    uint64_t stride = rstd::AlignUp(object_size, alignment);
    uint64_t first = rstd::AlignUp(kSlabHeaderSize, alignment);
    uint64_t bytes = PageSource::kPageBytes << order;
    if (first >= bytes) return {};
    uint64_t capacity = rstd::Min<uint64_t>((bytes - first) / stride, kMaxObjectsPerSlab);
    if (capacity == 0) return {};
    return SlabLayout{static_cast<uint32_t>(stride), static_cast<uint32_t>(alignment),
                      static_cast<uint32_t>(first), static_cast<uint32_t>(capacity), order};
  }
};

struct SlabCacheStats {
  uint64_t objects_in_use = 0;
  uint64_t objects_free = 0;  // free slots in the cache's slabs
  uint64_t slabs_full = 0;
  uint64_t slabs_partial = 0;
  uint64_t slabs_empty = 0;
  uint64_t pages = 0;          // held from the page source
  uint64_t source_errors = 0;  // empty slabs the page source refused to take back (kept)
};

class SlabCache {
 public:
  static constexpr uint32_t kDefaultEmptyReserve = 1;

  // A cache over `source` (which must outlive it) with `layout` from SlabLayout::For. Keeps up
  // to `empty_reserve` empty slabs instead of returning them, so that a workload hovering
  // around a slab boundary does not go to the page source on every call. With an invalid
  // layout every Allocate fails with kInvalidArgument. Takes no memory until the first
  // Allocate.
  SlabCache(PageSource& source, const SlabLayout& layout,
            uint32_t empty_reserve = kDefaultEmptyReserve);
  // Returns the empty slabs. Slabs with live objects are kept (their memory stays with the
  // objects): destroying a cache that still has objects is the owner's bug.
  ~SlabCache();
  // Slabs point back at their cache: a cache never moves.
  SlabCache(const SlabCache&) = delete;
  SlabCache& operator=(const SlabCache&) = delete;

  // An object of layout().object_size bytes aligned to layout().alignment, contents undefined.
  // Errors (nothing changed): kNoMemory (a new slab was needed and the page source had none;
  // its other statuses are passed on), kInvalidArgument (invalid layout), kBadState (the
  // page source returned a misaligned block, which is given back).
  Result<void*> Allocate();

  // Returns an object. Errors (nothing changed): kInvalidArgument (null, not in one of this
  // cache's slabs, or not the start of an object slot), kBadState (the object is already free).
  // The caller must be sure the slab header at the object's slab-aligned base is mapped: true
  // for anything this cache or another slab cache handed out.
  Result<void> Free(void* object);

  // Returns every empty slab, the reserve included (for memory pressure); the number of pages
  // given back.
  uint64_t Shrink();

  SlabCacheStats Stats() const;
  const SlabLayout& layout() const { return layout_; }

  // The cache that owns the slab of 2^slab_order pages containing `object`, read from the slab
  // header at `object` rounded down to the slab size; null when no live slab header is there.
  // Reads that header: the memory must be mapped.
  static SlabCache* OwnerOf(const void* object, uint32_t slab_order);

 private:
  struct SlabHeader;
  struct SlabList {
    SlabHeader* head = nullptr;
    uint64_t count = 0;
  };

  SlabList& ListFor(uint32_t in_use);
  static void Push(SlabList& list, SlabHeader* slab);
  static void Unlink(SlabList& list, SlabHeader* slab);
  Result<SlabHeader*> NewSlab();
  // Gives an empty slab (already unlinked) back to the page source; false if it refused.
  bool ReleaseSlab(SlabHeader* slab);

  PageSource& source_;
  SlabLayout layout_;
  uint32_t empty_reserve_;
  SlabList partial_;
  SlabList full_;
  SlabList empty_;
  uint64_t objects_in_use_ = 0;
  uint64_t source_errors_ = 0;
};

}  // namespace raeen::kernel
