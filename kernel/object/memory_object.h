#pragma once
// MemoryObject: a page-granular piece of memory that address spaces map (ARCHITECTURE.md §4-5).
// Its pages are allocated and zeroed when it is created and freed with the last reference, so
// a mapping never faults for lack of memory. Every process that maps it sees the same pages:
// this is how processes share memory, and how the loader hands an ELF image's pages to a
// process.

#include <stdint.h>

#include "kernel/object/kernel_object.h"
#include "kernel/process/quota.h"
#include "kernel/sync/mutex.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

class MemoryObject final : public KernelObject {
 public:
  static constexpr uint64_t kPageSize = 4096;
  // The largest object: 1 GiB (the contract allows up to 64 GiB; a flat page array does not).
  static constexpr uint64_t kMaxSize = 1ull << 30;
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kMap |
                                           Rights::kGetProperty | Rights::kSetProperty;
  static constexpr Rights kValidRights = kDefaultRights | Rights::kExecute;

  // A zero-filled object of `size` bytes rounded up to whole pages. Errors: kInvalidArgument
  // (size 0), kOutOfRange (above kMaxSize), kNoMemory.
  static Result<RefPtr<MemoryObject>> Create(uint64_t size, bool resizable = false);

  // Charges the object's size to `quota` (which `owner` keeps alive) for as long as the object
  // lives, also across resizes. Once, right after Create. Errors: kQuotaExceeded.
  Result<void> ChargeTo(RefPtr<KernelObject> owner, Quota& quota);

  uint64_t size();
  bool resizable() const { return resizable_; }
  // The physical address of page `index` (< page count), for mapping; `index` must be
  // inside the object (callers check against size() under the same mapping count, see
  // AddMapping).
  uint64_t PagePhysical(uint64_t index);
  // The page through the direct map, for the kernel to fill or read (the object is not
  // resized meanwhile: the caller holds a mapping or created it).
  uint8_t* PageData(uint64_t index);

  // Mappings pin the size: a mapped object is never shrunk (memory_set_size says bad_state).
  void AddMapping();
  void RemoveMapping();

  // Grows or shrinks to `size` (rounded up to pages); new pages are zero. Errors: kBadState
  // (not resizable, or shrinking a mapped object), kOutOfRange, kInvalidArgument (0),
  // kQuotaExceeded, kNoMemory.
  Result<void> Resize(uint64_t size);

  // Copies between the object and kernel memory. kOutOfRange when [offset, offset + size)
  // is not inside the object.
  Result<void> Read(uint64_t offset, void* into, uint64_t size);
  Result<void> Write(uint64_t offset, const void* from, uint64_t size);

 private:
  MemoryObject(uint64_t* pages, uint64_t page_count, bool resizable);
  ~MemoryObject() override;

  sync::Mutex lock_;  // guards pages_ and page_count_ against Resize
  uint64_t* pages_;
  uint64_t page_count_;
  bool resizable_;
  uint32_t mappings_ = 0;
  RefPtr<KernelObject> quota_owner_;
  Quota* quota_ = nullptr;
};

}  // namespace raeen::kernel
