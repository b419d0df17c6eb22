#include "kernel/time/timer_queue.h"

namespace raeen::kernel {

void TimerQueue::Unlink(TimerEvent& event) {
  event.prev_->next_ = event.next_;
  event.next_->prev_ = event.prev_;
  event.next_ = nullptr;
  event.prev_ = nullptr;
  __atomic_store_n(&event.queue_, nullptr, __ATOMIC_RELEASE);
}

void TimerQueue::InsertBefore(TimerEvent& position, TimerEvent& event) {
  event.next_ = &position;
  event.prev_ = position.prev_;
  position.prev_->next_ = &event;
  position.prev_ = &event;
}

bool TimerQueue::Add(TimerEvent& event, uint64_t deadline_ns) {
  // Compared with the earliest deadline before the call: re-adding the head at its own
  // deadline changes nothing for the hardware.
  const bool was_empty = empty();
  const uint64_t old_earliest = was_empty ? 0 : NextDeadline();
  Cancel(event);
  event.deadline_ns_ = deadline_ns;
  // Scan from the back: new deadlines are mostly later than the pending ones, and stopping at
  // the first deadline <= the new one keeps equal deadlines first-in first-out.
  TimerEvent* after = head_.prev_;
  while (after != &head_ && after->deadline_ns_ > deadline_ns) after = after->prev_;
  InsertBefore(*after->next_, event);
  __atomic_store_n(&event.queue_, this, __ATOMIC_RELEASE);
  ++size_;
  return was_empty || NextDeadline() != old_earliest;
}

bool TimerQueue::Cancel(TimerEvent& event) {
  if (!event.queued()) return false;
  Unlink(event);
  if (event.in_batch_) {
    event.in_batch_ = false;
  } else {
    --size_;
  }
  return true;
}

size_t TimerQueue::RunExpired(uint64_t now_ns) {
  // Move the expired prefix into a private ring first, so callbacks that add events (even
  // ones already due) cannot keep this call running forever.
  TimerEvent batch;
  batch.next_ = &batch;
  batch.prev_ = &batch;
  while (!empty() && NextDeadline() <= now_ns) {
    TimerEvent& event = *head_.next_;
    Unlink(event);
    --size_;
    event.in_batch_ = true;
    InsertBefore(batch, event);
    __atomic_store_n(&event.queue_, this, __ATOMIC_RELEASE);
  }
  size_t ran = 0;
  while (batch.next_ != &batch) {
    TimerEvent& event = *batch.next_;
    Unlink(event);
    event.in_batch_ = false;
    ++ran;
    event.Fire();
  }
  return ran;
}

TimerEvent* TimerQueue::TakeExpired(uint64_t now_ns) {
  if (empty() || NextDeadline() > now_ns) return nullptr;
  TimerEvent& event = *head_.next_;
  Unlink(event);
  --size_;
  return &event;
}

}  // namespace raeen::kernel
