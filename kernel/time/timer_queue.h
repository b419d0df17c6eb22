#pragma once
// The timer-event queue: intrusive events with absolute deadlines (nanoseconds on the
// monotonic clock), kept in deadline order. The system timer (kernel/arch/x86_64/
// interrupt_timer.h) arms the hardware for NextDeadline() and calls RunExpired() from its
// interrupt: there is no periodic tick.
//
// Pure logic, host-tested with a fake clock (tests/host/kernel/time/timer_queue_test.cc).
// Not synchronised: the owner serialises every call (the system timer does so by disabling
// interrupts on its CPU; per-CPU queues come with SMP).
//
// A sorted doubly linked ring: Add is O(n) in the number of pending events, Cancel,
// NextDeadline and taking the earliest are O(1). The scheduler keeps a handful of events per
// CPU (one per sleeping thread at most), so a heap or wheel is not worth it yet.

#include <stddef.h>
#include <stdint.h>

namespace raeen::kernel {

class TimerQueue;

// One pending (or idle) timer. Owned by its user, who must keep it alive while it is queued
// (Cancel it before destroying it). The callback runs with the event already dequeued, so it
// may Add the same event again (a periodic timer re-arms itself that way), Add or Cancel
// others, or do nothing.
class TimerEvent {
 public:
  using Callback = void (*)(TimerEvent& event, void* context);

  constexpr TimerEvent() = default;
  constexpr TimerEvent(Callback callback, void* context) : callback_(callback), context_(context) {}
  TimerEvent(const TimerEvent&) = delete;
  TimerEvent& operator=(const TimerEvent&) = delete;

  // Runs the callback (for owners that dequeue with TakeExpired).
  void Fire() {
    if (callback_ != nullptr) callback_(*this, context_);
  }
  void SetCallback(Callback callback, void* context) {
    callback_ = callback;
    context_ = context;
  }
  bool queued() const { return next_ != nullptr; }
  // The queue it is on; null when not queued. With one queue per CPU this says whose lock
  // guards it (read it without that lock only as a hint, then check again under the lock).
  const TimerQueue* queue() const { return __atomic_load_n(&queue_, __ATOMIC_ACQUIRE); }
  // The deadline of the last Add (meaningful while queued and inside the callback).
  uint64_t deadline_ns() const { return deadline_ns_; }

 private:
  friend class TimerQueue;

  // An unqueued event has null links; a queued one is in exactly one ring (the queue's, or
  // the batch RunExpired is working through).
  TimerEvent* next_ = nullptr;
  TimerEvent* prev_ = nullptr;
  uint64_t deadline_ns_ = 0;
  TimerQueue* queue_ = nullptr;
  bool in_batch_ = false;  // dequeued by RunExpired, waiting for its callback
  Callback callback_ = nullptr;
  void* context_ = nullptr;
};

class TimerQueue {
 public:
  // constexpr so that a queue in static storage is constant-initialised: the kernel runs no
  // global constructors.
  constexpr TimerQueue() {
    head_.next_ = &head_;
    head_.prev_ = &head_;
  }
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Queues `event` to fire at `deadline_ns` (a deadline in the past fires at the next
  // RunExpired). An event that is already queued is moved to the new deadline. Events with
  // equal deadlines run in the order they were added. Returns true when the queue's earliest
  // deadline changed, i.e. the hardware timer must be re-armed.
  bool Add(TimerEvent& event, uint64_t deadline_ns);

  // Dequeues `event`; its callback will not run (also when it is due and waiting in the
  // RunExpired call that is running another callback). False if it was not queued (it already
  // fired, or was never added): harmless, the caller need not know which. The earliest
  // deadline may move later; a timer armed for the old one then fires for nothing, which is
  // harmless, so Cancel does not ask for a re-arm.
  bool Cancel(TimerEvent& event);

  bool empty() const { return head_.next_ == &head_; }
  // The earliest deadline; only meaningful when !empty().
  uint64_t NextDeadline() const { return head_.next_->deadline_ns_; }
  size_t size() const { return size_; }

  // Runs, in deadline order, every event whose deadline is <= now_ns, each dequeued before its
  // callback. Events (re)added by a callback wait for the next call even when already due: one
  // call does a bounded amount of work, and the caller re-arms the hardware for NextDeadline()
  // afterwards, which fires at once for a deadline in the past. Returns how many ran.
  size_t RunExpired(uint64_t now_ns);

  // The earliest event if its deadline is <= now_ns, dequeued (its callback is the caller's
  // to run); null otherwise. For owners that must run callbacks without holding the lock
  // that guards the queue.
  TimerEvent* TakeExpired(uint64_t now_ns);

 private:
  static void Unlink(TimerEvent& event);
  static void InsertBefore(TimerEvent& position, TimerEvent& event);

  TimerEvent head_;  // sentinel of the ring; never fires
  size_t size_ = 0;  // events in the queue proper (not in a RunExpired batch)
};

}  // namespace raeen::kernel
