#include "kernel/sync/spinlock.h"

#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/debug/panic.h"

namespace raeen::kernel::sync {
namespace {

// Until the boot CPU's per-CPU data exists there is one CPU and nothing to check against.
HeldLockRanks* HeldHere() {
  return arch::PerCpuReady() ? &arch::CurrentCpu()->held_locks : nullptr;
}

uint32_t ThisCpu() { return arch::PerCpuReady() ? arch::CurrentCpu()->index : 0; }

}  // namespace

void SpinLock::CheckAcquire(const HeldLockRanks* held) const {
  if (arch::InterruptsEnabled()) Panic("spinlock '{}' taken with interrupts enabled", name_);
#if RAEEN_LOCK_CHECKS
  if (held == nullptr) return;
  if (held->Holds(this)) Panic("spinlock '{}' taken twice on cpu {}", name_, ThisCpu());
  if (!held->MayAcquire(rank_)) {
    if (held->count() == HeldLockRanks::kCapacity) {
      Panic("spinlock '{}': cpu {} already holds {} spinlocks", name_, ThisCpu(), held->count());
    }
    const auto* top = static_cast<const SpinLock*>(held->top_lock());
    Panic("lock order: '{}' (rank {}) taken while holding '{}' (rank {}) on cpu {}", name_,
          static_cast<uint32_t>(rank_), top->name_, static_cast<uint32_t>(top->rank_), ThisCpu());
  }
#endif
}

void SpinLock::Lock() {
  HeldLockRanks* held = HeldHere();
  CheckAcquire(held);
  while (__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE) != 0) {
    // Wait on plain loads so that waiting CPUs share the line until it is released.
    while (__atomic_load_n(&locked_, __ATOMIC_RELAXED) != 0) {
      arch::RelaxWhileWaiting();
    }
  }
  if (held != nullptr) held->Push(rank_, this);
}

void SpinLock::Unlock() {
  if (HeldLockRanks* held = HeldHere(); held != nullptr && !held->Remove(this)) {
    Panic("spinlock '{}' released on cpu {}, which does not hold it", name_, ThisCpu());
  }
  __atomic_store_n(&locked_, 0, __ATOMIC_RELEASE);
}

bool SpinLock::IsHeldByThisCpu() const {
  const HeldLockRanks* held = HeldHere();
  return held != nullptr ? held->Holds(this) : IsLocked();
}

SpinLockGuard::SpinLockGuard(SpinLock& lock)
    : lock_(lock), flags_(arch::SaveFlagsAndDisableInterrupts()) {
  lock_.Lock();
}

SpinLockGuard::~SpinLockGuard() {
  lock_.Unlock();
  arch::RestoreFlags(flags_);
}

uint32_t HeldSpinLockCount() {
  const HeldLockRanks* held = HeldHere();
  return held != nullptr ? static_cast<uint32_t>(held->count()) : 0;
}

}  // namespace raeen::kernel::sync
