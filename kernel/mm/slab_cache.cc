#include "kernel/mm/slab_cache.h"

namespace raeen::kernel {

// Host builds under AddressSanitizer mark free slots inaccessible, so that a test touching a
// freed object fails at once. The kernel build has no sanitizer and these compile to nothing.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RAEEN_SLAB_ASAN 1
#endif
#endif

#if defined(RAEEN_SLAB_ASAN)
extern "C" void __asan_poison_memory_region(const volatile void* address, size_t size);
extern "C" void __asan_unpoison_memory_region(const volatile void* address, size_t size);
#endif

namespace {

void MarkInaccessible([[maybe_unused]] const void* address, [[maybe_unused]] size_t size) {
#if defined(RAEEN_SLAB_ASAN)
  __asan_poison_memory_region(address, size);
#endif
}

void MarkAccessible([[maybe_unused]] const void* address, [[maybe_unused]] size_t size) {
#if defined(RAEEN_SLAB_ASAN)
  __asan_unpoison_memory_region(address, size);
#endif
}

constexpr uint32_t kBitmapWords = SlabLayout::kMaxObjectsPerSlab / 64;
constexpr uint64_t kSlabMagic = 0x5241'4545'4e53'4c42;  // "RAEENSLB"

}  // namespace

struct SlabCache::SlabHeader {
  // kSlabMagic ^ the header's own address: user data left at the start of a page (a large heap
  // block) does not pass for a slab header by accident. Cleared when the slab is released.
  uint64_t check;
  SlabCache* cache;
  SlabHeader* prev;
  SlabHeader* next;
  uint32_t in_use;
  uint32_t unused;
  uint64_t used[kBitmapWords];  // bit i set: object i is allocated (or beyond capacity)

  uint64_t ExpectedCheck() const { return kSlabMagic ^ reinterpret_cast<uintptr_t>(this); }
};

SlabCache::SlabCache(PageSource& source, const SlabLayout& layout, uint32_t empty_reserve)
    : source_(source), layout_(layout), empty_reserve_(empty_reserve) {
  static_assert(sizeof(SlabHeader) == kSlabHeaderSize);
}

SlabCache::~SlabCache() {
  if (objects_in_use_ == 0) Shrink();
}

SlabCache::SlabList& SlabCache::ListFor(uint32_t in_use) {
  if (in_use == 0) return empty_;
  if (in_use == layout_.capacity) return full_;
  return partial_;
}

void SlabCache::Push(SlabList& list, SlabHeader* slab) {
  slab->prev = nullptr;
  slab->next = list.head;
  if (list.head != nullptr) list.head->prev = slab;
  list.head = slab;
  ++list.count;
}

void SlabCache::Unlink(SlabList& list, SlabHeader* slab) {
  if (slab->prev != nullptr) {
    slab->prev->next = slab->next;
  } else {
    list.head = slab->next;
  }
  if (slab->next != nullptr) slab->next->prev = slab->prev;
  slab->prev = nullptr;
  slab->next = nullptr;
  --list.count;
}

Result<SlabCache::SlabHeader*> SlabCache::NewSlab() {
  RAEEN_TRY(void* pages, source_.AllocatePages(layout_.slab_order));
  if (!rstd::IsAligned(reinterpret_cast<uintptr_t>(pages), layout_.slab_bytes())) {
    // Objects would be found through the wrong header; the source broke its contract.
    if (!source_.FreePages(pages, layout_.slab_order).ok()) ++source_errors_;
    return Error(Status::kBadState);
  }
  MarkAccessible(pages, kSlabHeaderSize);
  auto* slab = static_cast<SlabHeader*>(pages);
  slab->check = slab->ExpectedCheck();
  slab->cache = this;
  slab->in_use = 0;
  slab->unused = 0;
  // Slots past the capacity are marked allocated so that the search never picks them.
  for (uint32_t word = 0; word < kBitmapWords; ++word) {
    uint32_t first_slot = word * 64;
    if (first_slot + 64 <= layout_.capacity) {
      slab->used[word] = 0;
    } else if (first_slot >= layout_.capacity) {
      slab->used[word] = ~uint64_t{0};
    } else {
      slab->used[word] = ~uint64_t{0} << (layout_.capacity - first_slot);
    }
  }
  MarkInaccessible(static_cast<uint8_t*>(pages) + kSlabHeaderSize,
                   layout_.slab_bytes() - kSlabHeaderSize);
  Push(empty_, slab);
  return slab;
}

bool SlabCache::ReleaseSlab(SlabHeader* slab) {
  slab->check = 0;  // stale pointers into this slab no longer find a header
  MarkAccessible(slab, layout_.slab_bytes());
  if (source_.FreePages(slab, layout_.slab_order).ok()) return true;
  // The source refused a block it handed out. Keep the slab (still ours, still empty) rather
  // than lose track of its memory.
  slab->check = slab->ExpectedCheck();
  MarkInaccessible(reinterpret_cast<uint8_t*>(slab) + kSlabHeaderSize,
                   layout_.slab_bytes() - kSlabHeaderSize);
  ++source_errors_;
  return false;
}

Result<void*> SlabCache::Allocate() {
  if (!layout_.valid()) return Error(Status::kInvalidArgument);
  SlabHeader* slab = partial_.head != nullptr ? partial_.head : empty_.head;
  if (slab == nullptr) {
    RAEEN_TRY(slab, NewSlab());
  }
  uint32_t slot = 0;
  for (uint32_t word = 0; word < kBitmapWords; ++word) {
    if (slab->used[word] != ~uint64_t{0}) {
      uint32_t bit = static_cast<uint32_t>(__builtin_ctzll(~slab->used[word]));
      slab->used[word] |= uint64_t{1} << bit;
      slot = word * 64 + bit;
      break;
    }
  }
  SlabList& before = ListFor(slab->in_use);
  ++slab->in_use;
  SlabList& after = ListFor(slab->in_use);
  if (&before != &after) {
    Unlink(before, slab);
    Push(after, slab);
  }
  ++objects_in_use_;
  auto* object =
      reinterpret_cast<uint8_t*>(slab) + layout_.first_object + size_t{slot} * layout_.object_size;
  MarkAccessible(object, layout_.object_size);
  return static_cast<void*>(object);
}

SlabCache* SlabCache::OwnerOf(const void* object, uint32_t slab_order) {
  if (object == nullptr || slab_order > SlabLayout::kMaxSlabOrder) return nullptr;
  uintptr_t base =
      rstd::AlignDown(reinterpret_cast<uintptr_t>(object), PageSource::kPageBytes << slab_order);
  const auto* slab = reinterpret_cast<const SlabHeader*>(base);
  return slab->check == slab->ExpectedCheck() ? slab->cache : nullptr;
}

Result<void> SlabCache::Free(void* object) {
  if (object == nullptr || !layout_.valid() || OwnerOf(object, layout_.slab_order) != this) {
    return Error(Status::kInvalidArgument);
  }
  uintptr_t address = reinterpret_cast<uintptr_t>(object);
  uintptr_t base = rstd::AlignDown(address, layout_.slab_bytes());
  auto* slab = reinterpret_cast<SlabHeader*>(base);
  uintptr_t offset = address - base;
  if (offset < layout_.first_object || (offset - layout_.first_object) % layout_.object_size != 0) {
    return Error(Status::kInvalidArgument);
  }
  uintptr_t slot = (offset - layout_.first_object) / layout_.object_size;
  if (slot >= layout_.capacity) return Error(Status::kInvalidArgument);
  uint64_t bit = uint64_t{1} << (slot % 64);
  if ((slab->used[slot / 64] & bit) == 0) return Error(Status::kBadState);

  slab->used[slot / 64] &= ~bit;
  MarkInaccessible(object, layout_.object_size);
  SlabList& before = ListFor(slab->in_use);
  --slab->in_use;
  SlabList& after = ListFor(slab->in_use);
  if (&before != &after) {
    Unlink(before, slab);
    Push(after, slab);
  }
  --objects_in_use_;
  if (slab->in_use == 0 && empty_.count > empty_reserve_) {
    Unlink(empty_, slab);
    if (!ReleaseSlab(slab)) Push(empty_, slab);
  }
  return {};
}

uint64_t SlabCache::Shrink() {
  uint64_t released = 0;
  SlabHeader* kept = nullptr;  // slabs the source refused, put back afterwards
  while (empty_.head != nullptr) {
    SlabHeader* slab = empty_.head;
    Unlink(empty_, slab);
    if (ReleaseSlab(slab)) {
      released += uint64_t{1} << layout_.slab_order;
    } else {
      slab->next = kept;
      kept = slab;
    }
  }
  while (kept != nullptr) {
    SlabHeader* slab = kept;
    kept = kept->next;
    Push(empty_, slab);
  }
  return released;
}

SlabCacheStats SlabCache::Stats() const {
  SlabCacheStats stats;
  stats.objects_in_use = objects_in_use_;
  stats.slabs_full = full_.count;
  stats.slabs_partial = partial_.count;
  stats.slabs_empty = empty_.count;
  uint64_t slabs = full_.count + partial_.count + empty_.count;
  stats.objects_free = slabs * layout_.capacity - objects_in_use_;
  stats.pages = slabs << layout_.slab_order;
  stats.source_errors = source_errors_;
  return stats;
}

}  // namespace raeen::kernel
