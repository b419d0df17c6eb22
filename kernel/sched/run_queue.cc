#include "kernel/sched/run_queue.h"

namespace raeen::kernel::sched {

namespace {

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > kNoDeadline - b ? kNoDeadline : a + b;
}

}  // namespace

Result<void> RunQueue::MakeRealTime(SchedEntity& entity, const RtParams& params) {
  if (entity.state_ != EntityState::kBlocked) return Error(Status::kBadState);
  const bool here = entity.class_ == SchedClass::kRealTime;
  if (here && entity.rt_home_ != this) return Error(Status::kBadState);
  RAEEN_TRY(ValidateRtParams(params));
  if (!Allows(entity)) return Error(Status::kInvalidArgument);
  // Check, then commit: give back the old reservation, try the new one, and on refusal take
  // the old one back (which cannot fail: it was admitted a moment ago).
  if (here) admission_.Release(entity.rt_);
  if (Result<void> admitted = admission_.Admit(params); !admitted.ok()) {
    if (here) (void)admission_.Admit(entity.rt_);
    return admitted;
  }
  if (entity.class_ == SchedClass::kFair) entity.fair_placed_ = false;
  entity.class_ = SchedClass::kRealTime;
  entity.rt_home_ = this;
  RtClass::StartServer(entity, params);
  return {};
}

Result<void> RunQueue::MakeFair(SchedEntity& entity) {
  if (entity.state_ != EntityState::kBlocked || entity.class_ != SchedClass::kRealTime ||
      entity.rt_home_ != this) {
    return Error(Status::kBadState);
  }
  admission_.Release(entity.rt_);
  entity.class_ = SchedClass::kFair;
  entity.rt_home_ = nullptr;
  entity.fair_placed_ = false;
  return {};
}

bool RunQueue::ShouldPreempt(const SchedEntity& woken) const {
  if (woken.state_ != EntityState::kQueued) return false;  // throttled: not yet
  if (current_ == nullptr) return true;
  if (woken.class_ == SchedClass::kRealTime) {
    return current_->class_ != SchedClass::kRealTime ||
           TimeBefore(woken.rt_deadline_, current_->rt_deadline_);
  }
  return current_->class_ == SchedClass::kFair && FairClass::ShouldPreempt(woken, *current_);
}

Result<bool> RunQueue::Enqueue(SchedEntity& entity, uint64_t now) {
  if (entity.state_ != EntityState::kBlocked) return Error(Status::kBadState);
  if (!Allows(entity)) return Error(Status::kInvalidArgument);
  if (entity.class_ == SchedClass::kRealTime) {
    if (entity.rt_home_ != this) return Error(Status::kInvalidArgument);
    rt_.Wake(entity, now);
  } else {
    fair_.Join(entity);
  }
  entity.rq_ = this;
  return ShouldPreempt(entity);
}

Result<void> RunQueue::Dequeue(SchedEntity& entity, uint64_t now) {
  if (entity.rq_ != this || entity.state_ == EntityState::kBlocked) {
    return Error(Status::kInvalidArgument);
  }
  const bool running = entity.state_ == EntityState::kRunning;
  if (running) current_ = nullptr;
  if (&entity == preferred_) preferred_ = nullptr;
  if (entity.class_ == SchedClass::kRealTime) {
    if (!running) rt_.Remove(entity);
    RtClass::FinishJob(entity, now);
  } else {
    if (!running) fair_.Remove(entity);
    fair_.Leave(entity);
  }
  entity.state_ = EntityState::kBlocked;
  entity.rq_ = nullptr;
  return {};
}

void RunQueue::PreferNext(SchedEntity& entity) {
  if (entity.rq_ == this && entity.state_ == EntityState::kQueued &&
      entity.class_ == SchedClass::kFair) {
    preferred_ = &entity;
  }
}

uint64_t RunQueue::ClampToReplenish(uint64_t until) const {
  // Plain comparison: `until` may be kNoDeadline, which TimeBefore would treat as wrapped.
  if (rt_.HasThrottled() && rt_.NextReplenish() < until) return rt_.NextReplenish();
  return until;
}

void RunQueue::YieldCurrent() {
  if (current_ != nullptr && current_->class_ == SchedClass::kFair) fair_.Yield(*current_);
}

SchedEntity* RunQueue::FindQueuedFair(EntityFilter accept, const void* context) const {
  for (SchedEntity* entity = fair_.LastQueued(); entity != nullptr;
       entity = FairClass::QueuedBefore(*entity)) {
    if (accept(*entity, context)) return entity;
  }
  return nullptr;
}

SchedEntity* RunQueue::TakeQueuedFair(EntityFilter accept, const void* context, uint64_t now) {
  SchedEntity* entity = FindQueuedFair(accept, context);
  if (entity != nullptr) (void)Dequeue(*entity, now);
  return entity;
}

Pick RunQueue::PickNext(uint64_t now) {
  if (idle_) {
    idle_ns_ += now - idle_since_;
    idle_ = false;
  }
  rt_.ReplenishDue(now);
  SchedEntity* previous = current_;
  if (previous != nullptr) {
    if (previous->class_ == SchedClass::kRealTime) {
      rt_.PutBack(*previous, now);
    } else {
      fair_.PutBack(*previous);
    }
  }

  Pick pick;
  SchedEntity* next = rt_.TakeFirst();
  SchedEntity* const preferred = preferred_;
  preferred_ = nullptr;
  if (next != nullptr) {
    // Not throttled, so its budget is positive.
    pick.slice_ns = static_cast<uint64_t>(next->rt_remaining_);
    pick.run_until_ns = SaturatingAdd(now, pick.slice_ns);
  } else if ((next = preferred != nullptr ? fair_.TakePreferred(*preferred)
                                          : fair_.TakeFirst()) != nullptr) {
    if (fair_.queued_count() == 0) {
      // Alone in the fair class: nothing to share the CPU with, so no slice timer (tickless).
      pick.slice_ns = kNoDeadline;
      pick.run_until_ns = kNoDeadline;
    } else {
      pick.slice_ns = fair_.Slice(*next);
      pick.run_until_ns = SaturatingAdd(now, pick.slice_ns);
    }
  } else {
    idle_ = true;
    idle_since_ = now;
    pick.slice_ns = kNoDeadline;
  }
  // A throttled server's replenishment may bring an earlier deadline (or any real-time work
  // at all): look again then.
  pick.run_until_ns = ClampToReplenish(pick.run_until_ns);

  current_ = next;
  pick.entity = next;
  if (next != nullptr) {
    next->state_ = EntityState::kRunning;
    if (next != previous) {
      ++next->stats_.switches;
      ++switches_;
    }
  }
  return pick;
}

Result<void> RunQueue::Charge(SchedEntity& entity, uint64_t ran_ns, uint64_t now, ExecMode mode) {
  if (&entity != current_) return Error(Status::kBadState);
  if (mode == ExecMode::kUser) {
    entity.stats_.user_ns += ran_ns;
  } else {
    entity.stats_.kernel_ns += ran_ns;
  }
  if (entity.class_ == SchedClass::kRealTime) {
    RtClass::Charge(entity, ran_ns, now);
  } else {
    fair_.Charge(entity, ran_ns);
  }
  return {};
}

}  // namespace raeen::kernel::sched
