#pragma once
// The C heap: malloc, free, calloc, realloc and aligned_alloc over pages from the platform.
//
// Blocks up to kMaxSmall bytes come from 44 size classes (16-byte steps to 256, then four
// classes per power of two), carved from 256 KiB chunks and kept on a free list per class when
// freed; small memory is reused, never returned to the system. Larger blocks get pages of
// their own, given back on free. Every block is 16-byte aligned and starts after a 16-byte
// header whose magic lets free() and realloc() notice a double free or a pointer the heap
// never returned (when the bytes before it are readable); they end the process through the
// abort hook. One spin lock guards each heap.

#include <stddef.h>
#include <stdint.h>

#include "libs/c/spin_lock.h"

namespace raeen::libc {

// Where a heap's memory comes from; the global heap uses the platform hooks.
struct PageSource {
  // `bytes` (a multiple of 4096) of 4096-aligned memory, or null.
  void* (*more_pages)(size_t bytes);
  // Gives back one earlier more_pages(bytes) result.
  void (*free_pages)(void* pages, size_t bytes);
  // Heap corruption: ends the process (a return is turned into a trap).
  void (*abort)(const char* reason);
};

class Allocator {
 public:
  static constexpr size_t kAlignment = 16;
  static constexpr size_t kHeaderSize = 16;
  static constexpr size_t kPageSize = 4096;
  static constexpr size_t kChunkSize = 256 * 1024;
  static constexpr size_t kMaxSmall = 32768;
  static constexpr size_t kClassCount = 44;

  constexpr explicit Allocator(PageSource source) : source_(source) {}
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Null when memory runs out (the C layer sets errno). Allocate(0) returns a unique block.
  void* Allocate(size_t size);
  // `alignment` must be a power of two (else null).
  void* AllocateAligned(size_t alignment, size_t size);
  // In place when the block is big enough; otherwise a new block, the old one freed only on
  // success. Reallocate(null, n) allocates.
  void* Reallocate(void* block, size_t size);
  // Free(null) does nothing.
  void Free(void* block);
  // How many bytes the block can hold (at least what was asked for).
  size_t UsableSize(const void* block);

  // Size classes, exposed for tests: the class of a small size and the bytes it holds.
  static size_t ClassOf(size_t size);
  static size_t ClassSize(size_t size_class);

 private:
  struct Header;
  struct FreeBlock {
    FreeBlock* next;
  };

  void* AllocateLocked(size_t size);
  void FreeLocked(void* block);
  Header* CheckedHeaderLocked(const void* block);
  [[noreturn]] void Corrupt(const char* reason);
  size_t UsableSizeLocked(const void* block);

  SpinLock lock_;
  PageSource source_;
  FreeBlock* free_lists_[kClassCount] = {};
  // The unused end of the current chunk.
  unsigned char* carve_ = nullptr;
  size_t carve_left_ = 0;
};

// The process heap (platform hooks), with C semantics: errno ENOMEM on failure.
void* Malloc(size_t size);
void Free(void* block);
void* Calloc(size_t count, size_t size);
void* Realloc(void* block, size_t size);
// C17: `alignment` a power of two, else EINVAL.
void* AlignedAlloc(size_t alignment, size_t size);
size_t MallocUsableSize(void* block);

}  // namespace raeen::libc
