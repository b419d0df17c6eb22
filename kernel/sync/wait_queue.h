#pragma once
// WaitQueue: threads blocked until another thread (or an interrupt handler) wakes them, or a
// deadline passes. The building block of Mutex, Semaphore and Event, used like a condition
// variable whose lock is built in:
//
//   sync::SpinLockGuard guard(queue.lock());
//   while (!condition) queue.Wait(deadline);   // the lock is dropped while blocked
//   ...consume the condition...
//
// and on the other side, under the same lock: change the condition, then WakeOne/WakeAll.
// No wake-up is lost: a waiter is on the queue before it drops the lock, and marked blocked
// before a waker can take the lock and find it (scheduler.h, BlockCurrentThread).
//
// The lock ranks kWaitQueue: a waker may hold it while it wakes threads (which takes run
// queue locks). Waiting while holding any other spinlock panics.

#include <stddef.h>
#include <stdint.h>

#include "kernel/sync/spinlock.h"
#include "kernel/thread/thread.h"
#include "kernel/time/timer_queue.h"

namespace raeen::kernel::sync {

inline constexpr uint64_t kNoTimeout = ~uint64_t{0};

class WaitQueue {
 public:
  constexpr WaitQueue() = default;
  // A queue whose lock ranks `rank` instead: one that is taken while another wait queue's lock
  // is held (a port, filled from the signal observers of the objects bound to it).
  constexpr WaitQueue(LockRank rank, const char* name) : lock_(rank, name) {}
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  SpinLock& lock() { return lock_; }

  // Blocks the calling thread until a WakeOne/WakeAll picks it (kSignaled) or monotonic time
  // `deadline_ns` passes (kTimedOut). lock() must be held, and only it; it is released while
  // the thread is blocked and held again when Wait returns.
  WakeReason Wait(uint64_t deadline_ns = kNoTimeout);

  // lock() held. Wake the longest waiter / every waiter; return how many woke.
  size_t WakeOne();
  size_t WakeAll();

  // lock() held.
  bool empty() const { return head_ == nullptr; }

 private:
  void Append(Thread* thread);
  void Remove(Thread* thread);
  static void TimeoutFired(TimerEvent& event, void* context);

  SpinLock lock_{LockRank::kWaitQueue, "wait queue"};
  Thread* head_ = nullptr;
  Thread* tail_ = nullptr;
};

}  // namespace raeen::kernel::sync
