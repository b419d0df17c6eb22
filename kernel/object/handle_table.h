#pragma once
// HandleTable: one process's handles (ARCHITECTURE.md §4). Each slot holds a reference to a
// KernelObject and the rights of that handle; a handle value (handle_value.h) names a slot and
// the slot's generation, so a closed handle's value is rejected even after its slot is
// reused.
//
// Lookups check in a fixed order, so a caller always learns the first thing that is wrong:
//   kBadHandle     the value names no live handle (never valid, closed, or stale)
//   kWrongType     it names an object of another type
//   kAccessDenied  the handle lacks a required right
//
// Rights only narrow: Duplicate and Take hand out at most the rights the handle has.
//
// The capacity is the caller's storage (the process's handle quota): a full table refuses
// with kQuotaExceeded and changes nothing. Freed slots are reused least recently freed first,
// which spreads generation wrap-around as far apart as possible.
//
// Not synchronised: the owning process serialises calls with its lock. Never allocates.

#include <stddef.h>
#include <stdint.h>

#include "kernel/object/handle_value.h"
#include "kernel/object/kernel_object.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

struct HandleSlot {
  KernelObject* object = nullptr;  // holds one reference while the handle is open
  Rights rights;
  uint32_t generation = 0;
  uint32_t next_free = 0;  // free-list link (an index; kNone at the end)
};

// An object with the rights a handle had on it: what Take hands over (for a transfer) and
// what Get returns.
struct HandleEntry {
  RefPtr<KernelObject> object;
  Rights rights;
};

class HandleTable {
 public:
  // `slots` is the table's storage; its size (at most HandleEncoding::kMaxSlots) is the
  // process's handle quota. The slots must be default-constructed.
  explicit HandleTable(rstd::Span<HandleSlot> slots);
  ~HandleTable() { CloseAll(); }
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  // A new handle to `object` with `rights`. Errors: kInvalidArgument (null object, or rights
  // the object's type does not have), kQuotaExceeded (no free slot).
  Result<HandleValue> Add(RefPtr<KernelObject> object, Rights rights);

  // The object behind `value` if it is of `type` and the handle has every right in
  // `required`. Errors, in this order: kBadHandle, kWrongType, kAccessDenied.
  Result<HandleEntry> Get(HandleValue value, ObjectType type, Rights required) const;

  // The same for an operation on any type of object. Errors: kBadHandle, kAccessDenied.
  Result<HandleEntry> GetAny(HandleValue value, Rights required) const;

  // Closes the handle; the object goes when its last reference does. Errors: kBadHandle.
  Result<void> Close(HandleValue value);

  // Removes the handle and hands over its object and rights, e.g. to put it in a channel
  // message. Needs kTransfer. Errors: kBadHandle, kAccessDenied.
  Result<HandleEntry> Take(HandleValue value);

  // A second handle to the same object with `rights`, which must be a subset of the
  // original's; needs kDuplicate. Errors: kBadHandle, kAccessDenied (no kDuplicate, or
  // rights beyond the original's), kQuotaExceeded.
  Result<HandleValue> Duplicate(HandleValue value, Rights rights);

  // Closes every handle (process exit).
  void CloseAll();

  size_t count() const { return count_; }
  size_t capacity() const { return slots_.size(); }

 private:
  static constexpr uint32_t kNone = ~0u;

  // The open slot `value` names, or null.
  const HandleSlot* Find(HandleValue value) const;
  HandleSlot* Find(HandleValue value) {
    return const_cast<HandleSlot*>(static_cast<const HandleTable*>(this)->Find(value));
  }
  void FreeSlot(HandleSlot& slot);

  rstd::Span<HandleSlot> slots_;
  uint32_t free_head_ = kNone;
  uint32_t free_tail_ = kNone;
  size_t count_ = 0;
};

}  // namespace raeen::kernel
