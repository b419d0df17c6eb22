#pragma once
// Lock ranks: every spinlock has one, and a CPU may only take a lock whose rank is higher than
// every lock it already holds (STYLE.md, Locking). That one rule makes lock-order deadlocks
// impossible: a cycle of waiters would need some CPU to take a lower rank while holding a
// higher one. The checks run in every build (RAEEN_LOCK_CHECKS, default on): a few compares
// per acquisition, and a violation panics with both lock names instead of hanging later.
//
// The order, lowest first. A new lock gets the rank of what it protects; when it must be
// taken while holding another, it ranks above it.

#include <stddef.h>
#include <stdint.h>

namespace raeen::kernel::sync {

enum class LockRank : uint8_t {
  kPlacement = 10,       // which CPUs are isolated (the scheduler's CpuPlacement)
  kWaitQueue = 20,       // a wait queue, with the mutex, semaphore or event around it
  kPortQueue = 25,       // a port's packet queue, filled under a signalled object's wait queue
  kRunQueue = 30,        // one CPU's run queue; never two at once
  kTimerQueue = 40,      // one CPU's timer-event queue
  kIoApic = 50,          // I/O APIC redirection entries
  kCallFunction = 55,    // cross-CPU call requests (IPIs)
  kAddressSpace = 60,    // the kernel's page tables and its stack and MMIO windows
  kHeap = 70,            // the kernel heap and its slab caches
  kPageAllocator = 80,   // the buddy allocator of physical pages
  kRandom = 90,          // the kernel's layout random generator (a leaf)
};

// The ranks one CPU holds, in acquisition order (so strictly increasing). Pure logic; the
// spinlock keeps one per CPU (PerCpu::held_locks).
class HeldLockRanks {
 public:
  static constexpr size_t kCapacity = 8;

  // Whether a lock of `rank` may be taken now: above every held rank, and room to record it.
  bool MayAcquire(LockRank rank) const {
    return count_ < kCapacity && (count_ == 0 || rank > ranks_[count_ - 1]);
  }
  // Records an acquisition; the caller checked MayAcquire.
  void Push(LockRank rank, const void* lock) {
    ranks_[count_] = rank;
    locks_[count_] = lock;
    ++count_;
  }
  // Forgets `lock` (released in any order: a lower lock may be dropped while a higher one is
  // kept). False if this CPU does not hold it.
  bool Remove(const void* lock) {
    for (size_t i = count_; i-- > 0;) {
      if (locks_[i] != lock) continue;
      for (size_t j = i; j + 1 < count_; ++j) {
        ranks_[j] = ranks_[j + 1];
        locks_[j] = locks_[j + 1];
      }
      --count_;
      return true;
    }
    return false;
  }
  bool Holds(const void* lock) const {
    for (size_t i = 0; i < count_; ++i) {
      if (locks_[i] == lock) return true;
    }
    return false;
  }

  size_t count() const { return count_; }
  // The most recently taken (highest-ranked) lock; only when count() > 0.
  const void* top_lock() const { return locks_[count_ - 1]; }
  LockRank top_rank() const { return ranks_[count_ - 1]; }

 private:
  LockRank ranks_[kCapacity] = {};
  const void* locks_[kCapacity] = {};
  size_t count_ = 0;
};

}  // namespace raeen::kernel::sync
