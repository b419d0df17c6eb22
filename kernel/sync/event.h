#pragma once
// Event: a flag threads wait for. Signal sets it and wakes every waiter; it stays set (later
// waits return at once) until Reset. Signal may be called from interrupt handlers.

#include <stdint.h>

#include "kernel/sync/wait_queue.h"

namespace raeen::kernel::sync {

class Event {
 public:
  constexpr Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  void Signal();
  void Reset();
  void Wait();
  // False if it was not signalled by monotonic time `deadline_ns`.
  bool WaitUntil(uint64_t deadline_ns);
  bool IsSignaled();

 private:
  WaitQueue waiters_;
  bool signaled_ = false;  // guarded by waiters_.lock()
};

}  // namespace raeen::kernel::sync
