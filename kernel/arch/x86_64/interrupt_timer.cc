#include "kernel/arch/x86_64/interrupt_timer.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::arch {
namespace {

// Only touched with interrupts disabled on the boot CPU.
constinit TimerQueue queue;
uint64_t last_interrupt_tsc = 0;
uint64_t interrupt_count = 0;

void RearmLocked() {
  if (queue.empty()) {
    DisarmApicTimer();
  } else {
    ArmApicTimer(queue.NextDeadline());
  }
}

void HandleTimerInterrupt(InterruptFrame&) {
  const uint64_t tsc = ReadTsc();
  __atomic_store_n(&last_interrupt_tsc, tsc, __ATOMIC_RELAXED);
  __atomic_store_n(&interrupt_count, interrupt_count + 1, __ATOMIC_RELAXED);
  // Events due by the time the interrupt was taken run now; a one-shot count that ran out
  // a little early (calibration error, counter range) finds nothing and just re-arms.
  queue.RunExpired(MonotonicClock().Nanoseconds(tsc));
  RearmLocked();
}

}  // namespace

Result<ApicTimerMode> StartSystemTimer(const CpuFeatures& features, bool force_one_shot) {
  RAEEN_TRY(ApicTimerMode mode, InitApicTimer(features, force_one_shot));
  RAEEN_TRY(RegisterInterruptHandler(vectors::kLocalTimer, &HandleTimerInterrupt));
  return mode;
}

void AddTimer(TimerEvent& event, uint64_t deadline_ns) {
  InterruptGuard guard;
  if (queue.Add(event, deadline_ns)) ArmApicTimer(queue.NextDeadline());
}

bool CancelTimer(TimerEvent& event) {
  InterruptGuard guard;
  return queue.Cancel(event);
}

uint64_t LastTimerInterruptTsc() { return __atomic_load_n(&last_interrupt_tsc, __ATOMIC_RELAXED); }
uint64_t TimerInterruptCount() { return __atomic_load_n(&interrupt_count, __ATOMIC_RELAXED); }

}  // namespace raeen::kernel::arch
