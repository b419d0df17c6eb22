#include "kernel/sync/wait_queue.h"

#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/debug/panic.h"
#include "kernel/thread/scheduler.h"

namespace raeen::kernel::sync {

void WaitQueue::Append(Thread* thread) {
  thread->wait_next_ = nullptr;
  thread->wait_prev_ = tail_;
  if (tail_ != nullptr) {
    tail_->wait_next_ = thread;
  } else {
    head_ = thread;
  }
  tail_ = thread;
  __atomic_store_n(&thread->waiting_on_, this, __ATOMIC_RELEASE);
}

void WaitQueue::Remove(Thread* thread) {
  if (thread->wait_prev_ != nullptr) {
    thread->wait_prev_->wait_next_ = thread->wait_next_;
  } else {
    head_ = thread->wait_next_;
  }
  if (thread->wait_next_ != nullptr) {
    thread->wait_next_->wait_prev_ = thread->wait_prev_;
  } else {
    tail_ = thread->wait_prev_;
  }
  thread->wait_next_ = nullptr;
  thread->wait_prev_ = nullptr;
  __atomic_store_n(&thread->waiting_on_, nullptr, __ATOMIC_RELEASE);
}

WakeReason WaitQueue::Wait(uint64_t deadline_ns) {
  if (!lock_.IsHeldByThisCpu()) Panic("WaitQueue::Wait without its lock");
  if (HeldSpinLockCount() != 1) {
    Panic("blocking on a wait queue while holding {} spinlocks", HeldSpinLockCount());
  }
  Thread* self = CurrentThread();
  Append(self);
  const bool timed = deadline_ns != kNoTimeout;
  if (timed) {
    self->timeout_.SetCallback(&TimeoutFired, self);
    arch::AddTimer(self->timeout_, deadline_ns);
  }
  BlockCurrentThread(&lock_);
  // Woken: by WakeOne/WakeAll, which took it off the queue, or by TimeoutFired, which did.
  // The timer may still be pending (a signal came first) or its callback running elsewhere.
  if (timed) (void)arch::CancelTimerSync(self->timeout_);
  lock_.Lock();
  return self->wake_reason_;
}

void WaitQueue::TimeoutFired(TimerEvent&, void* context) {
  auto* thread = static_cast<Thread*>(context);
  // The waiter cannot return from Wait (and forget this queue) before this callback ends:
  // it waits in CancelTimerSync.
  WaitQueue* queue = __atomic_load_n(&thread->waiting_on_, __ATOMIC_ACQUIRE);
  if (queue == nullptr) return;  // signalled first
  SpinLockGuard guard(queue->lock_);
  if (thread->waiting_on_ != queue) return;
  queue->Remove(thread);
  (void)WakeThread(thread, WakeReason::kTimedOut);
}

size_t WaitQueue::WakeOne() {
  Thread* thread = head_;
  if (thread == nullptr) return 0;
  Remove(thread);
  return WakeThread(thread, WakeReason::kSignaled) ? 1 : 0;
}

size_t WaitQueue::WakeAll() {
  size_t woken = 0;
  while (head_ != nullptr) woken += WakeOne();
  return woken;
}

}  // namespace raeen::kernel::sync
