#pragma once
// MemoryObject: a page-granular piece of memory that address spaces map (ARCHITECTURE.md §4-5).
// Its pages are allocated and zeroed when it is created and freed with the last reference, so
// a mapping never faults for lack of memory. Every process that maps it sees the same pages:
// this is how processes share memory, and how the loader hands an ELF image's pages to a
// process.
//
// A physical object (CreatePhysical) is the other flavour: a window onto device registers. Its
// pages are a fixed range of physical addresses that the kernel never allocated: they are
// never zeroed, freed or charged to a quota, the object never changes size, and address spaces
// map it uncached.

#include <stdint.h>

#include "kernel/mm/page_flags.h"
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
  // A physical object's rights, default and valid: never kExecute (device memory is not code).
  static constexpr Rights kPhysicalRights = kDefaultRights;
  static_assert(!kPhysicalRights.Has(Rights::kExecute));

  // A zero-filled object of `size` bytes rounded up to whole pages. Errors: kInvalidArgument
  // (size 0), kOutOfRange (above kMaxSize), kNoMemory.
  static Result<RefPtr<MemoryObject>> Create(uint64_t size, bool resizable = false);

  // A physical object for [base, base + size), which must not be RAM: the range is checked
  // against the boot memory map (OverlapsRam), so user space can never map kernel memory through
  // one. Whether the caller may touch the range at all (a resource) is the caller's check.
  // Errors: kInvalidArgument (base or size not page aligned, size 0), kOutOfRange (above
  // kMaxSize, or overlapping RAM), kNoMemory.
  static Result<RefPtr<MemoryObject>> CreatePhysical(uint64_t base, uint64_t size);

  // Charges the object's size to `quota` (which `owner` keeps alive) for as long as the object
  // lives, also across resizes. Once, right after Create. Errors: kQuotaExceeded.
  Result<void> ChargeTo(RefPtr<KernelObject> owner, Quota& quota);

  uint64_t size();
  bool resizable() const { return resizable_; }
  bool physical() const { return physical_; }
  // How address spaces map the pages: write-back RAM, or uncached device registers.
  CacheMode cache_mode() const { return physical() ? CacheMode::kUncached : CacheMode::kWriteBack; }
  // The physical address of page `index` (< page count), for mapping; `index` must be
  // inside the object (callers check against size() under the same mapping count, see
  // AddMapping).
  uint64_t PagePhysical(uint64_t index);
  // The page through the direct map, for the kernel to fill or read (the object is not
  // resized meanwhile: the caller holds a mapping or created it). Not for physical objects:
  // device memory is not in the direct map.
  uint8_t* PageData(uint64_t index);

  // Mappings pin the size: a mapped object is never shrunk (memory_set_size says bad_state).
  void AddMapping();
  void RemoveMapping();

  // Grows or shrinks to `size` (rounded up to pages); new pages are zero. Errors: kBadState
  // (not resizable, or shrinking a mapped object), kOutOfRange, kInvalidArgument (0),
  // kQuotaExceeded, kNoMemory.
  Result<void> Resize(uint64_t size);

  // Copies between the object and kernel memory. kOutOfRange when [offset, offset + size)
  // is not inside the object; kBadState for a physical object: device registers have access
  // widths and read side effects that a byte copy does not respect, so they are reached
  // through a mapping only.
  Result<void> Read(uint64_t offset, void* into, uint64_t size);
  Result<void> Write(uint64_t offset, const void* from, uint64_t size);

 private:
  MemoryObject(uint64_t* pages, uint64_t page_count, bool resizable);
  // A physical object: pages_ stays null, page `i` is physical_base + i * kPageSize.
  MemoryObject(uint64_t physical_base, uint64_t page_count);
  ~MemoryObject() override;

  sync::Mutex lock_;  // guards pages_ and page_count_ against Resize
  uint64_t* pages_;   // null for a physical object
  // Fixed at creation, so read without the lock.
  const bool physical_;
  const uint64_t physical_base_;
  uint64_t page_count_;
  bool resizable_;
  uint32_t mappings_ = 0;
  RefPtr<KernelObject> quota_owner_;
  Quota* quota_ = nullptr;
};

}  // namespace raeen::kernel
