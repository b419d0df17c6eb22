#pragma once
// MemoryObject: a page-granular piece of memory that address spaces map (ARCHITECTURE.md §4-5).
// Its pages are allocated and zeroed when it is created and freed with the last reference, so
// a mapping never faults for lack of memory. Every process that maps it sees the same pages:
// this is how processes share memory, and how the loader hands an ELF image's pages to a
// process.

#include <stdint.h>

#include "kernel/object/kernel_object.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

class MemoryObject final : public KernelObject {
 public:
  static constexpr uint64_t kPageSize = 4096;
  // The largest object: 1 GiB. Larger ones would need more than a flat page array.
  static constexpr uint64_t kMaxSize = 1ull << 30;
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kMap |
                                           Rights::kGetProperty | Rights::kSetProperty;
  static constexpr Rights kValidRights = kDefaultRights | Rights::kExecute;

  // A zero-filled object of `size` bytes rounded up to whole pages. Errors: kInvalidArgument
  // (size 0 or above kMaxSize), kNoMemory.
  static Result<RefPtr<MemoryObject>> Create(uint64_t size);

  uint64_t size() const { return page_count_ * kPageSize; }
  uint64_t page_count() const { return page_count_; }
  // The physical address of page `index` (< page_count()).
  uint64_t PagePhysical(uint64_t index) const { return pages_[index]; }
  // The page through the direct map, for the kernel to fill or read.
  uint8_t* PageData(uint64_t index) const;

  // Copies between the object and kernel memory. kOutOfRange when [offset, offset + size)
  // is not inside the object.
  Result<void> Read(uint64_t offset, void* into, uint64_t size) const;
  Result<void> Write(uint64_t offset, const void* from, uint64_t size);

 private:
  MemoryObject(uint64_t* pages, uint64_t page_count);
  ~MemoryObject() override;

  uint64_t* pages_;
  uint64_t page_count_;
};

}  // namespace raeen::kernel
