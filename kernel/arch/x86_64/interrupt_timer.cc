#include "kernel/arch/x86_64/interrupt_timer.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/sync/spinlock.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::arch {
namespace {

struct CpuTimer {
  sync::SpinLock lock{sync::LockRank::kTimerQueue, "timer queue"};
  TimerQueue queue;
  // The event whose callback this CPU is running (outside the lock), for CancelTimerSync.
  TimerEvent* running = nullptr;
  uint64_t last_interrupt_tsc = 0;
};

constinit CpuTimer timers[kMaxCpus];
uint64_t interrupt_count = 0;

CpuTimer& ThisCpuTimer() { return timers[CurrentCpu()->index]; }

// The CpuTimer whose queue is `queue`, or null.
CpuTimer* OwnerOf(const TimerQueue* queue) {
  for (CpuTimer& timer : timers) {
    if (&timer.queue == queue) return &timer;
  }
  return nullptr;
}

// The lock is held and this is the calling CPU's timer.
void RearmLocked(CpuTimer& timer) {
  if (timer.queue.empty()) {
    DisarmApicTimer();
  } else {
    ArmApicTimer(timer.queue.NextDeadline());
  }
}

void HandleTimerInterrupt(InterruptFrame&) {
  const uint64_t tsc = ReadTsc();
  CpuTimer& timer = ThisCpuTimer();
  __atomic_store_n(&timer.last_interrupt_tsc, tsc, __ATOMIC_RELAXED);
  __atomic_fetch_add(&interrupt_count, 1, __ATOMIC_RELAXED);
  // Events due by the time the interrupt was taken run now; a one-shot count that ran out a
  // little early (calibration error, counter range) finds nothing and just re-arms. At most
  // as many callbacks as were queued, so a callback that re-adds a due event cannot keep
  // this interrupt going: that event waits for the re-arm, which fires at once.
  const uint64_t now = MonotonicClock().Nanoseconds(tsc);
  timer.lock.Lock();
  for (size_t budget = timer.queue.size(); budget > 0; --budget) {
    TimerEvent* event = timer.queue.TakeExpired(now);
    if (event == nullptr) break;
    __atomic_store_n(&timer.running, event, __ATOMIC_RELEASE);
    timer.lock.Unlock();
    event->Fire();
    timer.lock.Lock();
    __atomic_store_n(&timer.running, nullptr, __ATOMIC_RELEASE);
  }
  RearmLocked(timer);
  timer.lock.Unlock();
}

}  // namespace

Result<ApicTimerMode> StartSystemTimer(const CpuFeatures& features, bool force_one_shot) {
  RAEEN_TRY(ApicTimerMode mode, InitApicTimer(features, force_one_shot));
  RAEEN_TRY(RegisterInterruptHandler(vectors::kLocalTimer, &HandleTimerInterrupt));
  return mode;
}

Result<void> StartSystemTimerOnThisCpu() { return InitApicTimerOnThisCpu(); }

void AddTimer(TimerEvent& event, uint64_t deadline_ns) {
  InterruptGuard guard;
  // Moving an event between CPUs: take it off the other queue first (one timer lock at a
  // time: they share a rank).
  if (const TimerQueue* other = event.queue(); other != nullptr && other != &ThisCpuTimer().queue) {
    (void)CancelTimer(event);
  }
  CpuTimer& timer = ThisCpuTimer();
  sync::SpinLockGuard lock(timer.lock);
  if (timer.queue.Add(event, deadline_ns)) ArmApicTimer(timer.queue.NextDeadline());
}

bool CancelTimer(TimerEvent& event) {
  for (;;) {
    const TimerQueue* queue = event.queue();
    if (queue == nullptr) return false;
    CpuTimer* owner = OwnerOf(queue);
    if (owner == nullptr) return false;
    sync::SpinLockGuard lock(owner->lock);
    // It may have fired, or moved to another CPU, since it was read.
    if (event.queue() == &owner->queue) return owner->queue.Cancel(event);
  }
}

bool CancelTimerSync(TimerEvent& event) {
  const bool cancelled = CancelTimer(event);
  for (CpuTimer& timer : timers) {
    while (__atomic_load_n(&timer.running, __ATOMIC_ACQUIRE) == &event) {
      RelaxWhileWaiting();
    }
  }
  return cancelled;
}

uint64_t LastTimerInterruptTsc() {
  return __atomic_load_n(&ThisCpuTimer().last_interrupt_tsc, __ATOMIC_RELAXED);
}
uint64_t TimerInterruptCount() { return __atomic_load_n(&interrupt_count, __ATOMIC_RELAXED); }

TimerQueueState TimerQueueStateOf(uint32_t cpu) {
  CpuTimer& timer = timers[cpu];
  sync::SpinLockGuard lock(timer.lock);
  return {timer.queue.size(), timer.queue.empty() ? 0 : timer.queue.NextDeadline()};
}

}  // namespace raeen::kernel::arch
