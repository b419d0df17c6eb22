#include "kernel/sync/mutex.h"

#include "kernel/debug/panic.h"

namespace raeen::kernel::sync {

void Mutex::Lock() {
  Thread* self = CurrentThread();
  SpinLockGuard guard(waiters_.lock());
  if (owner_ == self) Panic("mutex locked twice by thread '{}'", self->name());
  while (owner_ != nullptr) (void)waiters_.Wait();
  owner_ = self;
}

bool Mutex::TryLock() {
  Thread* self = CurrentThread();
  SpinLockGuard guard(waiters_.lock());
  if (owner_ != nullptr) return false;
  owner_ = self;
  return true;
}

void Mutex::Unlock() {
  Thread* self = CurrentThread();
  SpinLockGuard guard(waiters_.lock());
  if (owner_ != self) {
    Panic("mutex unlocked by thread '{}', which does not hold it", self->name());
  }
  owner_ = nullptr;
  (void)waiters_.WakeOne();
}

bool Mutex::IsHeldByCurrentThread() {
  Thread* self = CurrentThread();
  SpinLockGuard guard(waiters_.lock());
  return owner_ == self;
}

}  // namespace raeen::kernel::sync
