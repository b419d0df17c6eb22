#include "kernel/sync/event.h"

namespace raeen::kernel::sync {

void Event::Signal() {
  SpinLockGuard guard(waiters_.lock());
  signaled_ = true;
  (void)waiters_.WakeAll();
}

void Event::Reset() {
  SpinLockGuard guard(waiters_.lock());
  signaled_ = false;
}

void Event::Wait() { (void)WaitUntil(kNoTimeout); }

bool Event::WaitUntil(uint64_t deadline_ns) {
  SpinLockGuard guard(waiters_.lock());
  while (!signaled_) {
    if (waiters_.Wait(deadline_ns) == WakeReason::kTimedOut) return signaled_;
  }
  return true;
}

bool Event::IsSignaled() {
  SpinLockGuard guard(waiters_.lock());
  return signaled_;
}

}  // namespace raeen::kernel::sync
