#include "libs/c/allocator.h"

#include "libs/c/c_errno.h"
#include "libs/c/c_string.h"
#include "libs/c/platform.h"

namespace raeen::libc {

// Sixteen bytes before every block handed out.
struct Allocator::Header {
  uint32_t magic;
  uint32_t size_class;  // kLargeClass for page blocks
  // Large blocks: the bytes of the page allocation. Aligned blocks: the distance back to the
  // block they were cut from.
  uint64_t extra;
};

namespace {

constexpr uint32_t kInUse = 0xa110c8edu;
constexpr uint32_t kFreed = 0xf4eeb10cu;
constexpr uint32_t kAlignedInUse = 0xa1167ed0u;
constexpr uint32_t kLargeClass = 0xffffffffu;

constexpr size_t kSmallSteps = 16;  // 16, 32, ..., 256

bool AlignUp(size_t value, size_t alignment, size_t* out) {
  if (__builtin_add_overflow(value, alignment - 1, out)) return false;
  *out &= ~(alignment - 1);
  return true;
}

}  // namespace

size_t Allocator::ClassOf(size_t size) {
  if (size <= 256) return size == 0 ? 0 : (size + 15) / 16 - 1;
  // (256 << band, 512 << band] is split into four classes of 64 << band bytes.
  size_t band = static_cast<size_t>(63 - __builtin_clzll(size - 1)) - 8;
  size_t step = size_t{64} << band;
  size_t above = size - (size_t{256} << band);
  return kSmallSteps + band * 4 + (above + step - 1) / step - 1;
}

size_t Allocator::ClassSize(size_t size_class) {
  if (size_class < kSmallSteps) return (size_class + 1) * 16;
  size_t band = (size_class - kSmallSteps) / 4;
  size_t quarter = (size_class - kSmallSteps) % 4 + 1;
  return (size_t{256} << band) + quarter * (size_t{64} << band);
}

void* Allocator::Allocate(size_t size) {
  SpinGuard guard(lock_);
  return AllocateLocked(size);
}

void* Allocator::AllocateLocked(size_t size) {
  static_assert(sizeof(Header) == kHeaderSize);
  if (size <= kMaxSmall) {
    size_t size_class = ClassOf(size);
    unsigned char* block = nullptr;
    if (FreeBlock* head = free_lists_[size_class]) {
      free_lists_[size_class] = head->next;
      block = reinterpret_cast<unsigned char*>(head);
    } else {
      size_t needed = kHeaderSize + ClassSize(size_class);
      if (carve_left_ < needed) {
        // The rest of the old chunk is dropped; at most kMaxSmall + 16 bytes of 256 KiB.
        void* chunk = source_.more_pages(kChunkSize);
        if (chunk == nullptr) return nullptr;
        carve_ = static_cast<unsigned char*>(chunk);
        carve_left_ = kChunkSize;
      }
      block = carve_ + kHeaderSize;
      carve_ += needed;
      carve_left_ -= needed;
    }
    auto* header = reinterpret_cast<Header*>(block - kHeaderSize);
    header->magic = kInUse;
    header->size_class = static_cast<uint32_t>(size_class);
    header->extra = 0;
    return block;
  }
  size_t total = 0;
  size_t pages = 0;
  if (__builtin_add_overflow(size, kHeaderSize, &total) || !AlignUp(total, kPageSize, &pages)) {
    return nullptr;
  }
  void* memory = source_.more_pages(pages);
  if (memory == nullptr) return nullptr;
  auto* header = static_cast<Header*>(memory);
  header->magic = kInUse;
  header->size_class = kLargeClass;
  header->extra = pages;
  return static_cast<unsigned char*>(memory) + kHeaderSize;
}

void* Allocator::AllocateAligned(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) return nullptr;
  if (alignment <= kAlignment) return Allocate(size);
  SpinGuard guard(lock_);
  // A block `alignment` bytes bigger holds an aligned address at least 16 bytes in, with room
  // for a header of its own in front.
  size_t padded = 0;
  if (__builtin_add_overflow(size, alignment, &padded)) return nullptr;
  auto* base = static_cast<unsigned char*>(AllocateLocked(padded));
  if (base == nullptr) return nullptr;
  uintptr_t aligned = (reinterpret_cast<uintptr_t>(base) + kHeaderSize + alignment - 1) &
                      ~(static_cast<uintptr_t>(alignment) - 1);
  auto* block = reinterpret_cast<unsigned char*>(aligned);
  auto* header = reinterpret_cast<Header*>(block - kHeaderSize);
  header->magic = kAlignedInUse;
  header->size_class = 0;
  header->extra = static_cast<uint64_t>(block - base);
  return block;
}

void Allocator::Corrupt(const char* reason) {
  source_.abort(reason);
  __builtin_trap();
}

Allocator::Header* Allocator::CheckedHeaderLocked(const void* block) {
  if ((reinterpret_cast<uintptr_t>(block) & (kAlignment - 1)) != 0) {
    Corrupt("free/realloc: pointer not from malloc (misaligned)");
  }
  auto* header = reinterpret_cast<Header*>(
      const_cast<unsigned char*>(static_cast<const unsigned char*>(block)) - kHeaderSize);
  if (header->magic == kFreed) Corrupt("free/realloc: block already freed");
  if (header->magic != kInUse && header->magic != kAlignedInUse) {
    Corrupt("free/realloc: pointer not from malloc (bad header)");
  }
  if (header->magic == kInUse && header->size_class != kLargeClass &&
      header->size_class >= kClassCount) {
    Corrupt("free/realloc: heap header corrupted");
  }
  return header;
}

void Allocator::Free(void* block) {
  if (block == nullptr) return;
  SpinGuard guard(lock_);
  FreeLocked(block);
}

void Allocator::FreeLocked(void* block) {
  Header* header = CheckedHeaderLocked(block);
  if (header->magic == kAlignedInUse) {
    unsigned char* base = static_cast<unsigned char*>(block) - header->extra;
    header->magic = kFreed;
    FreeLocked(base);
    return;
  }
  if (header->size_class == kLargeClass) {
    header->magic = kFreed;
    source_.free_pages(header, header->extra);
    return;
  }
  header->magic = kFreed;
  auto* freed = static_cast<FreeBlock*>(block);
  freed->next = free_lists_[header->size_class];
  free_lists_[header->size_class] = freed;
}

size_t Allocator::UsableSize(const void* block) {
  SpinGuard guard(lock_);
  return UsableSizeLocked(block);
}

size_t Allocator::UsableSizeLocked(const void* block) {
  Header* header = CheckedHeaderLocked(block);
  if (header->magic == kAlignedInUse) {
    const unsigned char* base = static_cast<const unsigned char*>(block) - header->extra;
    return UsableSizeLocked(base) - header->extra;
  }
  if (header->size_class == kLargeClass) return header->extra - kHeaderSize;
  return ClassSize(header->size_class);
}

void* Allocator::Reallocate(void* block, size_t size) {
  if (block == nullptr) return Allocate(size);
  size_t usable = 0;
  {
    SpinGuard guard(lock_);
    usable = UsableSizeLocked(block);
    if (size <= usable) return block;
  }
  void* moved = Allocate(size);
  if (moved == nullptr) return nullptr;
  Memcpy(moved, block, usable);
  Free(block);
  return moved;
}

namespace {

constinit Allocator g_heap(PageSource{RaeenPlatformMorePages, RaeenPlatformFreePages,
                                      RaeenPlatformAbort});

void* OrNoMemory(void* block) {
  if (block == nullptr) SetErrno(RAEEN_ENOMEM);
  return block;
}

}  // namespace

void* Malloc(size_t size) {
  return OrNoMemory(g_heap.Allocate(size));
}

void Free(void* block) {
  g_heap.Free(block);
}

void* Calloc(size_t count, size_t size) {
  size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) {
    SetErrno(RAEEN_ENOMEM);
    return nullptr;
  }
  void* block = Malloc(total);
  if (block != nullptr) Memset(block, 0, total);
  return block;
}

void* Realloc(void* block, size_t size) {
  return OrNoMemory(g_heap.Reallocate(block, size));
}

void* AlignedAlloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    SetErrno(RAEEN_EINVAL);
    return nullptr;
  }
  return OrNoMemory(g_heap.AllocateAligned(alignment, size));
}

size_t MallocUsableSize(void* block) {
  return block == nullptr ? 0 : g_heap.UsableSize(block);
}

}  // namespace raeen::libc
