#include "kernel/sched/rt_class.h"

namespace raeen::kernel::sched {

namespace {

// Running times are clamped to this before they become signed budget arithmetic: a call
// cannot charge more than ~146 years, far beyond any real interval, so nothing wraps.
constexpr uint64_t kMaxCharge = uint64_t{1} << 62;

}  // namespace

void RtClass::StartServer(SchedEntity& entity, const RtParams& params) {
  entity.rt_ = params;
  entity.rt_remaining_ = 0;
  entity.rt_deadline_ = 0;
  entity.rt_job_deadline_ = 0;
  entity.rt_replenish_at_ = 0;
  entity.rt_throttled_ = false;
  entity.rt_job_missed_ = false;
}

void RtClass::Replenish(SchedEntity& entity) {
  const auto period = static_cast<int64_t>(entity.rt_.period_ns);
  const auto budget = static_cast<int64_t>(entity.rt_.budget_ns);
  do {
    entity.rt_deadline_ += static_cast<uint64_t>(period);
    entity.rt_remaining_ += budget;
  } while (entity.rt_remaining_ <= 0);
  entity.rt_throttled_ = false;
}

void RtClass::NoteMiss(SchedEntity& entity, uint64_t now) {
  if (!entity.rt_job_missed_ && TimeBefore(entity.rt_job_deadline_, now)) {
    entity.rt_job_missed_ = true;
    ++entity.stats_.deadline_misses;
  }
}

void RtClass::Insert(SchedEntity& entity, uint64_t now) {
  if (entity.rt_throttled_ && !TimeBefore(now, entity.rt_replenish_at_)) Replenish(entity);
  if (entity.rt_throttled_) {
    entity.state_ = EntityState::kThrottled;
    throttled_.Insert(entity, entity.rt_replenish_at_);
  } else {
    entity.state_ = EntityState::kQueued;
    ready_.Insert(entity, entity.rt_deadline_);
  }
}

void RtClass::Wake(SchedEntity& entity, uint64_t now) {
  const uint64_t relative_deadline = entity.rt_.RelativeDeadline();
  entity.rt_job_deadline_ = now + relative_deadline;
  entity.rt_job_missed_ = false;
  if (entity.rt_throttled_ && TimeBefore(now, entity.rt_replenish_at_)) {
    ++entity.stats_.throttles;
    Insert(entity, now);
    return;
  }
  if (entity.rt_throttled_) Replenish(entity);
  // The CBS wake-up rule. Here q > 0 (not throttled) and, if d > now, d - now > 0.
  bool fresh = !TimeBefore(now, entity.rt_deadline_);
  if (!fresh) {
    using u128 = unsigned __int128;
    const u128 left = u128{static_cast<uint64_t>(entity.rt_remaining_)} * relative_deadline;
    const u128 right = u128{entity.rt_deadline_ - now} * entity.rt_.budget_ns;
    fresh = left > right;
  }
  if (fresh) {
    entity.rt_deadline_ = now + relative_deadline;
    entity.rt_remaining_ = static_cast<int64_t>(entity.rt_.budget_ns);
  }
  Insert(entity, now);
}

void RtClass::PutBack(SchedEntity& entity, uint64_t now) {
  if (entity.rt_throttled_) {
    ++entity.stats_.overruns;
    ++entity.stats_.throttles;
  }
  Insert(entity, now);
}

void RtClass::Remove(SchedEntity& entity) {
  if (entity.state_ == EntityState::kThrottled) {
    throttled_.Remove(entity);
  } else {
    ready_.Remove(entity);
  }
}

void RtClass::FinishJob(SchedEntity& entity, uint64_t now) {
  NoteMiss(entity, now);
}

void RtClass::Charge(SchedEntity& entity, uint64_t ran_ns, uint64_t now) {
  const uint64_t ran = ran_ns > kMaxCharge ? kMaxCharge : ran_ns;
  entity.stats_.rt_budget_used_ns += ran;
  entity.rt_remaining_ -= static_cast<int64_t>(ran);
  // The debt is capped at one budget (see the file comment).
  const auto budget = static_cast<int64_t>(entity.rt_.budget_ns);
  if (entity.rt_remaining_ < -budget) {
    entity.stats_.rt_forgiven_ns += static_cast<uint64_t>(-budget - entity.rt_remaining_);
    entity.rt_remaining_ = -budget;
  }
  NoteMiss(entity, now);
  if (entity.rt_remaining_ <= 0 && !entity.rt_throttled_) {
    entity.rt_throttled_ = true;
    // The start of the server's next period.
    entity.rt_replenish_at_ =
        entity.rt_deadline_ - entity.rt_.RelativeDeadline() + entity.rt_.period_ns;
  }
}

void RtClass::ReplenishDue(uint64_t now) {
  while (!throttled_.empty() && !TimeBefore(now, throttled_.front()->key_)) {
    SchedEntity& entity = *throttled_.front();
    throttled_.Remove(entity);
    Replenish(entity);
    entity.state_ = EntityState::kQueued;
    ready_.Insert(entity, entity.rt_deadline_);
  }
}

SchedEntity* RtClass::TakeFirst() {
  SchedEntity* entity = ready_.front();
  if (entity != nullptr) ready_.Remove(*entity);
  return entity;
}

}  // namespace raeen::kernel::sched
