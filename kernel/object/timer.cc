#include "kernel/object/timer.h"

#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/mm/alloc_checker.h"

namespace raeen::kernel {

Result<RefPtr<Timer>> Timer::Create() {
  AllocChecker checker;
  auto* timer = new (checker) Timer();
  if (!checker.Check()) return Error(Status::kNoMemory);
  timer->event_.SetCallback(&Fired, timer);
  return RefPtr<Timer>::Adopt(timer);
}

Timer::~Timer() { (void)arch::CancelTimerSync(event_); }

void Timer::Set(uint64_t deadline_ns) {
  sync::MutexGuard guard(lock_);
  // The old deadline must be gone (its callback finished) before the event is queued again.
  (void)arch::CancelTimerSync(event_);
  UpdateSignals(signals::kTimerFired, 0);
  arch::AddTimer(event_, deadline_ns);
}

void Timer::Cancel() {
  sync::MutexGuard guard(lock_);
  (void)arch::CancelTimerSync(event_);
  UpdateSignals(signals::kTimerFired, 0);
}

// In the timer interrupt, without the queue's lock.
void Timer::Fired(TimerEvent&, void* context) {
  static_cast<Timer*>(context)->UpdateSignals(0, signals::kTimerFired);
}

}  // namespace raeen::kernel
