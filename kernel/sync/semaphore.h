#pragma once
// Semaphore: a count of available units. Down takes one, blocking while there are none; Up
// gives one back and wakes a waiter. Up may be called from interrupt handlers (it only takes
// spinlocks); Down only from thread context.

#include <stdint.h>

#include "kernel/sync/wait_queue.h"

namespace raeen::kernel::sync {

class Semaphore {
 public:
  constexpr explicit Semaphore(uint64_t initial = 0) : count_(initial) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void Down();
  // False if no unit became available by monotonic time `deadline_ns`.
  bool DownUntil(uint64_t deadline_ns);
  bool TryDown();
  void Up(uint64_t units = 1);
  uint64_t count();

 private:
  WaitQueue waiters_;
  uint64_t count_;  // guarded by waiters_.lock()
};

}  // namespace raeen::kernel::sync
