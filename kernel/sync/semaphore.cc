#include "kernel/sync/semaphore.h"

namespace raeen::kernel::sync {

void Semaphore::Down() { (void)DownUntil(kNoTimeout); }

bool Semaphore::DownUntil(uint64_t deadline_ns) {
  SpinLockGuard guard(waiters_.lock());
  while (count_ == 0) {
    if (waiters_.Wait(deadline_ns) == WakeReason::kTimedOut && count_ == 0) return false;
  }
  --count_;
  return true;
}

bool Semaphore::TryDown() {
  SpinLockGuard guard(waiters_.lock());
  if (count_ == 0) return false;
  --count_;
  return true;
}

void Semaphore::Up(uint64_t units) {
  SpinLockGuard guard(waiters_.lock());
  count_ += units;
  for (uint64_t i = 0; i < units && !waiters_.empty(); ++i) (void)waiters_.WakeOne();
}

uint64_t Semaphore::count() {
  SpinLockGuard guard(waiters_.lock());
  return count_;
}

}  // namespace raeen::kernel::sync
