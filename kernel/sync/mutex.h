#pragma once
// Mutex: a sleeping lock for thread context. A thread that finds it taken blocks (on a
// WaitQueue) instead of spinning, so it may be held across anything that blocks, allocates
// or copies user memory; it must not be taken with a spinlock held or from an interrupt.
// Not recursive: locking it twice, or unlocking it from a thread that does not own it,
// panics. Waiters are woken in arrival order; the woken one takes it if no other thread got
// there first (no hand-off: a hand-off would make every release cost a context switch).

#include "kernel/sync/wait_queue.h"

namespace raeen::kernel::sync {

class Mutex {
 public:
  constexpr Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock();
  // False (and not locked) if another thread holds it.
  bool TryLock();
  void Unlock();
  bool IsHeldByCurrentThread();

 private:
  WaitQueue waiters_;
  Thread* owner_ = nullptr;  // guarded by waiters_.lock()
};

class MutexGuard {
 public:
  explicit MutexGuard(Mutex& mutex) : mutex_(mutex) { mutex_.Lock(); }
  ~MutexGuard() { mutex_.Unlock(); }
  MutexGuard(const MutexGuard&) = delete;
  MutexGuard& operator=(const MutexGuard&) = delete;

 private:
  Mutex& mutex_;
};

}  // namespace raeen::kernel::sync
