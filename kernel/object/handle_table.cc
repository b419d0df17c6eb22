#include "kernel/object/handle_table.h"

namespace raeen::kernel {

HandleTable::HandleTable(rstd::Span<HandleSlot> slots)
    : slots_(slots.size() > HandleEncoding::kMaxSlots ? slots.subspan(0, HandleEncoding::kMaxSlots)
                                                      : slots) {
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    slots_[i].next_free = i + 1 < slots_.size() ? i + 1 : kNone;
  }
  if (!slots_.empty()) {
    free_head_ = 0;
    free_tail_ = static_cast<uint32_t>(slots_.size() - 1);
  }
}

const HandleSlot* HandleTable::Find(HandleValue value) const {
  const uint32_t index = HandleEncoding::IndexOf(value);
  if (index >= slots_.size()) return nullptr;
  const HandleSlot& slot = slots_[index];
  if (slot.object == nullptr || slot.generation != HandleEncoding::GenerationOf(value)) {
    return nullptr;
  }
  return &slot;
}

Result<HandleValue> HandleTable::Add(RefPtr<KernelObject> object, Rights rights) {
  if (!object || !rights.IsSubsetOf(object->valid_rights())) return Error(Status::kInvalidArgument);
  if (free_head_ == kNone) return Error(Status::kQuotaExceeded);
  const uint32_t index = free_head_;
  HandleSlot& slot = slots_[index];
  free_head_ = slot.next_free;
  if (free_head_ == kNone) free_tail_ = kNone;
  slot.next_free = kNone;
  slot.object = object.Leak();
  slot.rights = rights;
  ++count_;
  return HandleEncoding::Encode(index, slot.generation);
}

Result<HandleEntry> HandleTable::Get(HandleValue value, ObjectType type, Rights required) const {
  const HandleSlot* slot = Find(value);
  if (slot == nullptr) return Error(Status::kBadHandle);
  if (slot->object->type() != type) return Error(Status::kWrongType);
  if (!slot->rights.Has(required)) return Error(Status::kAccessDenied);
  return HandleEntry{RefPtr<KernelObject>::Share(slot->object), slot->rights};
}

Result<HandleEntry> HandleTable::GetAny(HandleValue value, Rights required) const {
  const HandleSlot* slot = Find(value);
  if (slot == nullptr) return Error(Status::kBadHandle);
  if (!slot->rights.Has(required)) return Error(Status::kAccessDenied);
  return HandleEntry{RefPtr<KernelObject>::Share(slot->object), slot->rights};
}

void HandleTable::FreeSlot(HandleSlot& slot) {
  KernelObject* object = slot.object;
  slot.object = nullptr;
  slot.rights = Rights::None();
  slot.generation = HandleEncoding::NextGeneration(slot.generation);
  // To the back of the free list: the least recently freed slot is reused first.
  const auto index = static_cast<uint32_t>(&slot - slots_.data());
  slot.next_free = kNone;
  if (free_tail_ == kNone) {
    free_head_ = index;
  } else {
    slots_[free_tail_].next_free = index;
  }
  free_tail_ = index;
  --count_;
  object->Release();
}

Result<void> HandleTable::Close(HandleValue value) {
  HandleSlot* slot = Find(value);
  if (slot == nullptr) return Error(Status::kBadHandle);
  FreeSlot(*slot);
  return {};
}

Result<HandleEntry> HandleTable::Take(HandleValue value) {
  HandleSlot* slot = Find(value);
  if (slot == nullptr) return Error(Status::kBadHandle);
  if (!slot->rights.Has(Rights::kTransfer)) return Error(Status::kAccessDenied);
  HandleEntry entry{RefPtr<KernelObject>::Share(slot->object), slot->rights};
  FreeSlot(*slot);
  return entry;
}

Result<HandleValue> HandleTable::Duplicate(HandleValue value, Rights rights) {
  const HandleSlot* slot = Find(value);
  if (slot == nullptr) return Error(Status::kBadHandle);
  if (!slot->rights.Has(Rights::kDuplicate) || !rights.IsSubsetOf(slot->rights)) {
    return Error(Status::kAccessDenied);
  }
  return Add(RefPtr<KernelObject>::Share(slot->object), rights);
}

void HandleTable::CloseAll() {
  for (HandleSlot& slot : slots_) {
    if (slot.object != nullptr) FreeSlot(slot);
  }
}

}  // namespace raeen::kernel
