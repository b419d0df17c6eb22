#pragma once
// SpinLock: mutual exclusion between CPUs for short critical sections, with interrupts
// disabled on the holder's CPU. Rules (STYLE.md, Locking; checked here):
//   - interrupts are off while a spinlock is held, so an interrupt handler that takes the
//     same lock cannot deadlock against the code it interrupted, and the holder is never
//     preempted (the kernel is preemptible exactly where no spinlock is held);
//   - locks are taken in increasing LockRank (lock_rank.h); taking a lock of a lower or equal
//     rank than one held, taking a held lock again, or releasing one this CPU does not hold
//     panics with the locks' names;
//   - nothing blocks, allocates or copies user memory while a spinlock is held.
// A CPU waiting for a lock keeps serving cross-CPU requests (arch::ServiceCrossCpuWork):
// another CPU may be holding the lock while it waits for this one to invalidate a TLB entry.

#include <stdint.h>

#include "kernel/sync/lock_rank.h"

namespace raeen::kernel::sync {

class SpinLock {
 public:
  constexpr SpinLock(LockRank rank, const char* name) : rank_(rank), name_(name) {}
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  // Interrupts must be disabled (SpinLockGuard does that).
  void Lock();
  void Unlock();

  bool IsHeldByThisCpu() const;
  bool IsLocked() const { return __atomic_load_n(&locked_, __ATOMIC_RELAXED) != 0; }
  LockRank rank() const { return rank_; }
  const char* name() const { return name_; }

 private:
  void CheckAcquire(const HeldLockRanks* held) const;

  uint32_t locked_ = 0;
  LockRank rank_;
  const char* name_;
};

// Disables interrupts (remembering whether they were on), takes the lock; the reverse at the
// end of the scope.
class SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinLock& lock);
  ~SpinLockGuard();
  SpinLockGuard(const SpinLockGuard&) = delete;
  SpinLockGuard& operator=(const SpinLockGuard&) = delete;

 private:
  SpinLock& lock_;
  uint64_t flags_;
};

// Spinlocks this CPU holds right now (0 before per-CPU data exists).
uint32_t HeldSpinLockCount();

}  // namespace raeen::kernel::sync
