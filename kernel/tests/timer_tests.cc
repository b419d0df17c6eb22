// In-kernel tests of the system timer: timer events on the local APIC timer (TSC-deadline or
// one-shot, whichever this CPU got), tickless. Timing is never asserted beyond "not before the
// deadline" and "within a generous second".

#include "kernel/arch/x86_64/apic_timer.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"
#include "kernel/time/timer_benchmark.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kOneSecondNs = 1'000'000'000;

bool TimerReady() {
  return arch::CurrentApicTimerMode() != arch::ApicTimerMode::kNone && arch::InterruptsEnabled();
}

// What one event saw when it fired.
struct Firing {
  volatile bool fired = false;
  uint64_t at_ns = 0;  // monotonic time in the callback
  int order = -1;      // position among the events of one test
};

volatile int fired_so_far = 0;

void Record(TimerEvent&, void* context) {
  auto* firing = static_cast<Firing*>(context);
  firing->at_ns = MonotonicNanoseconds();
  firing->order = fired_so_far;
  fired_so_far = fired_so_far + 1;
  firing->fired = true;
}

// Spins with interrupts enabled until `done()` or `limit_ns`; true if done. Polling rather than
// halting keeps the bound even when the timer under test never interrupts.
template <typename Done>
bool WaitUntil(uint64_t limit_ns, Done done) {
  while (!done()) {
    if (MonotonicNanoseconds() > limit_ns) return false;
    arch::Pause();
  }
  return true;
}

// The mode follows CPUID: TSC-deadline exactly when the CPU offers it (unless the command
// line forced one-shot, which this boot would say in its log).
KTEST(timer, mode_matches_the_cpu) {
  arch::CpuFeatures features = arch::DecodeCpuFeatures(arch::ReadCpuidLeaves());
  arch::ApicTimerMode mode = arch::CurrentApicTimerMode();
  KTEST_EXPECT(mode != arch::ApicTimerMode::kNone);
  if (!features.tsc_deadline) KTEST_EXPECT(mode == arch::ApicTimerMode::kOneShot);
  if (mode == arch::ApicTimerMode::kOneShot) KTEST_EXPECT(arch::ApicTimerHz() > 0);
  KTEST_EXPECT(arch::LocalApicMode() ==
               (features.x2apic ? arch::ApicMode::kX2Apic : arch::ApicMode::kXApic));
}

KTEST(timer, one_shot_fires_not_before_its_deadline) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  Firing firing;
  TimerEvent event(&Record, &firing);
  const uint64_t deadline = MonotonicNanoseconds() + 2'000'000;
  arch::AddTimer(event, deadline);
  KTEST_EXPECT(WaitUntil(deadline + kOneSecondNs, [&] { return firing.fired; }));
  if (!firing.fired) {
    arch::CancelTimer(event);
    return;
  }
  KTEST_EXPECT(firing.at_ns >= deadline);
  KTEST_EXPECT(!event.queued());
}

KTEST(timer, events_fire_in_deadline_order) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  constexpr int kEvents = 6;
  // Added out of order; fire order must follow the deadlines: 1, 5, 3, 0, 4, 2.
  const uint64_t offsets_ms[kEvents] = {4, 1, 6, 3, 5, 2};
  const int expected_order[kEvents] = {3, 0, 5, 2, 4, 1};
  Firing firings[kEvents];
  TimerEvent events[kEvents];
  uint64_t deadlines[kEvents];
  fired_so_far = 0;
  const uint64_t now = MonotonicNanoseconds();
  {
    // All queued before any can fire: a host that preempts this loop for milliseconds would
    // otherwise let an early deadline fire before a still earlier one is even added.
    arch::InterruptGuard guard;
    for (int i = 0; i < kEvents; ++i) {
      deadlines[i] = now + offsets_ms[i] * 1'000'000;
      events[i].SetCallback(&Record, &firings[i]);
      arch::AddTimer(events[i], deadlines[i]);
    }
  }
  KTEST_EXPECT(WaitUntil(now + kOneSecondNs + 6'000'000, [&] { return fired_so_far == kEvents; }));
  for (int i = 0; i < kEvents; ++i) {
    if (!firings[i].fired) arch::CancelTimer(events[i]);
    KTEST_EXPECT(firings[i].fired);
    KTEST_EXPECT(firings[i].order == expected_order[i]);
    KTEST_EXPECT(firings[i].at_ns >= deadlines[i]);
  }
}

KTEST(timer, cancelled_event_never_fires) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  Firing cancelled_firing;
  Firing kept_firing;
  TimerEvent cancelled(&Record, &cancelled_firing);
  TimerEvent kept(&Record, &kept_firing);
  const uint64_t now = MonotonicNanoseconds();
  {
    // Cancelled before it can fire, however long the host preempts this CPU.
    arch::InterruptGuard guard;
    arch::AddTimer(cancelled, now + 1'000'000);
    arch::AddTimer(kept, now + 3'000'000);
    KTEST_EXPECT(arch::CancelTimer(cancelled));
    KTEST_EXPECT(!arch::CancelTimer(cancelled));
  }
  KTEST_EXPECT(WaitUntil(now + kOneSecondNs, [&] { return kept_firing.fired; }));
  if (!kept_firing.fired) arch::CancelTimer(kept);
  KTEST_EXPECT(!cancelled_firing.fired);
}

// A callback re-arms its own event: a periodic timer built from one-shots.
struct Periodic {
  volatile int remaining = 0;
  uint64_t period_ns = 0;
  uint64_t last_deadline_ns = 0;
  volatile bool early = false;
};

void Rearm(TimerEvent& event, void* context) {
  auto* periodic = static_cast<Periodic*>(context);
  if (MonotonicNanoseconds() < event.deadline_ns()) periodic->early = true;
  periodic->last_deadline_ns = event.deadline_ns();
  periodic->remaining = periodic->remaining - 1;
  if (periodic->remaining > 0) arch::AddTimer(event, event.deadline_ns() + periodic->period_ns);
}

KTEST(timer, callback_can_rearm_its_event) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  Periodic periodic;
  periodic.remaining = 5;
  periodic.period_ns = 500'000;
  TimerEvent event(&Rearm, &periodic);
  const uint64_t first = MonotonicNanoseconds() + 500'000;
  arch::AddTimer(event, first);
  KTEST_EXPECT(WaitUntil(first + kOneSecondNs, [&] { return periodic.remaining == 0; }));
  if (periodic.remaining != 0) arch::CancelTimer(event);
  KTEST_EXPECT(!periodic.early);
  KTEST_EXPECT(periodic.last_deadline_ns == first + 4 * periodic.period_ns);
}

// Tickless: with nothing queued, no timer interrupts arrive.
KTEST(timer, idle_queue_takes_no_interrupts) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  // Let a possibly stale early-armed interrupt (after a cancel) go by first.
  const uint64_t settle = MonotonicNanoseconds() + 5'000'000;
  while (MonotonicNanoseconds() < settle) arch::Pause();
  const uint64_t before = arch::TimerInterruptCount();
  const uint64_t quiet_until = MonotonicNanoseconds() + 20'000'000;
  while (MonotonicNanoseconds() < quiet_until) arch::Pause();
  KTEST_EXPECT(arch::TimerInterruptCount() == before);
}

// The `bench=all` timer-latency benchmark on its own (`ktest=timer.latency_benchmark`): prints
// its @bench-dist line; checks only that every event fired.
KTEST_MANUAL(timer, latency_benchmark) {
  KTEST_EXPECT(TimerReady());
  if (!TimerReady()) return;
  const uint64_t before = arch::TimerInterruptCount();
  RunTimerBenchmarks();
  KTEST_EXPECT(arch::TimerInterruptCount() >= before + 2000);
}

}  // namespace
}  // namespace raeen::kernel
