#include "kernel/sched/fair_class.h"

namespace raeen::kernel::sched {

namespace {

// A single charge is clamped to 2^42 ns (73 minutes; the caller charges at least once per
// slice), so ran * kDefaultWeight stays far inside 64 bits (2^52).
constexpr uint64_t kMaxCharge = uint64_t{1} << 42;

int64_t ClampLag(int64_t lag) {
  if (lag < -static_cast<int64_t>(kSleeperCreditNs)) return -static_cast<int64_t>(kSleeperCreditNs);
  if (lag > static_cast<int64_t>(kMaxDebtNs)) return static_cast<int64_t>(kMaxDebtNs);
  return lag;
}

}  // namespace

void FairClass::UpdateMinVruntime() {
  bool any = false;
  uint64_t least = 0;
  if (running_ != nullptr) {
    least = running_->vruntime_;
    any = true;
  }
  if (const SchedEntity* first = ready_.front(); first != nullptr) {
    if (!any || TimeBefore(first->vruntime_, least)) least = first->vruntime_;
    any = true;
  }
  if (any && TimeBefore(min_vruntime_, least)) min_vruntime_ = least;
}

void FairClass::Join(SchedEntity& entity) {
  // A new entity starts level with the queue (no credit: creating threads must not pay).
  // A returning one keeps its debt, or, if it had none, gets the sleeper credit.
  int64_t lag = 0;
  if (entity.fair_placed_) {
    lag = entity.fair_lag_ > 0 ? entity.fair_lag_ : -static_cast<int64_t>(kSleeperCreditNs);
  }
  entity.fair_placed_ = true;
  entity.vruntime_ = min_vruntime_ + static_cast<uint64_t>(lag);
  entity.vruntime_rem_ = 0;
  entity.state_ = EntityState::kQueued;
  ready_.Insert(entity, entity.vruntime_);
  total_weight_ += entity.weight_;
  ++count_;
}

void FairClass::Leave(SchedEntity& entity) {
  entity.fair_lag_ = ClampLag(static_cast<int64_t>(entity.vruntime_ - min_vruntime_));
  total_weight_ -= entity.weight_;
  --count_;
  if (running_ == &entity) running_ = nullptr;
  UpdateMinVruntime();
}

void FairClass::PutBack(SchedEntity& entity) {
  if (running_ == &entity) running_ = nullptr;
  entity.state_ = EntityState::kQueued;
  ready_.Insert(entity, entity.vruntime_);
}

SchedEntity* FairClass::TakeFirst() {
  SchedEntity* entity = ready_.front();
  if (entity != nullptr) ready_.Remove(*entity);
  running_ = entity;
  return entity;
}

SchedEntity* FairClass::TakePreferred(SchedEntity& preferred) {
  const SchedEntity* first = ready_.front();
  if (first == nullptr || preferred.vruntime_ - first->vruntime_ >= kWakeupGranularityNs) {
    return TakeFirst();
  }
  ready_.Remove(preferred);
  running_ = &preferred;
  return &preferred;
}

void FairClass::Charge(SchedEntity& entity, uint64_t ran_ns) {
  const uint64_t ran = ran_ns > kMaxCharge ? kMaxCharge : ran_ns;
  // Carry the remainder so that small charges at odd weights do not drift.
  const uint64_t scaled = ran * kDefaultWeight + entity.vruntime_rem_;
  entity.vruntime_ += scaled / entity.weight_;
  entity.vruntime_rem_ = scaled % entity.weight_;
  UpdateMinVruntime();
}

void FairClass::Yield(SchedEntity& entity) {
  const SchedEntity* last = ready_.back();
  if (last != nullptr && TimeBefore(entity.vruntime_, last->vruntime_)) {
    entity.vruntime_ = last->vruntime_;
  }
}

uint64_t FairClass::Slice(const SchedEntity& entity) const {
  const uint64_t total = total_weight_ == 0 ? entity.weight_ : total_weight_;
  // kTargetLatencyNs * kMaxWeight is below 2^43: no overflow.
  const uint64_t slice = kTargetLatencyNs * entity.weight_ / total;
  return slice < kMinGranularityNs ? kMinGranularityNs : slice;
}

bool FairClass::ShouldPreempt(const SchedEntity& woken, const SchedEntity& running) {
  return TimeBefore(woken.vruntime_ + kWakeupGranularityNs, running.vruntime_);
}

}  // namespace raeen::kernel::sched
