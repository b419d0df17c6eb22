#include "kernel/sched/sched_entity.h"

namespace raeen::kernel::sched {

Result<void> SchedEntity::SetWeight(uint32_t weight) {
  if (weight < kMinWeight || weight > kMaxWeight) return Error(Status::kInvalidArgument);
  if (state_ != EntityState::kBlocked) return Error(Status::kBadState);
  weight_ = weight;
  return {};
}

Result<void> SchedEntity::SetAffinity(CpuSet affinity) {
  if (affinity.empty()) return Error(Status::kInvalidArgument);
  if (state_ != EntityState::kBlocked) return Error(Status::kBadState);
  affinity_ = affinity;
  return {};
}

void EntityList::Insert(SchedEntity& entity, uint64_t key) {
  entity.key_ = key;
  entity.linked_ = true;
  // Scan from the back: stopping at the first key <= the new one keeps equal keys FIFO.
  SchedEntity* after = tail_;
  while (after != nullptr && TimeBefore(key, after->key_)) after = after->prev_;
  entity.prev_ = after;
  entity.next_ = after != nullptr ? after->next_ : head_;
  if (entity.next_ != nullptr) {
    entity.next_->prev_ = &entity;
  } else {
    tail_ = &entity;
  }
  if (after != nullptr) {
    after->next_ = &entity;
  } else {
    head_ = &entity;
  }
  ++size_;
}

void EntityList::Remove(SchedEntity& entity) {
  if (!entity.linked_) return;
  if (entity.prev_ != nullptr) {
    entity.prev_->next_ = entity.next_;
  } else {
    head_ = entity.next_;
  }
  if (entity.next_ != nullptr) {
    entity.next_->prev_ = entity.prev_;
  } else {
    tail_ = entity.prev_;
  }
  entity.next_ = nullptr;
  entity.prev_ = nullptr;
  entity.linked_ = false;
  --size_;
}

}  // namespace raeen::kernel::sched
