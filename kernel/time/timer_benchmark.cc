#include "kernel/time/timer_benchmark.h"

#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/bench/sample_set.h"
#include "kernel/log/log.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr size_t kEvents = 2000;
constexpr uint64_t kMinAheadNs = 100'000;
constexpr uint64_t kAheadSpreadNs = 100'000;
// Far beyond any sane latency, even a preempted TCG vCPU: an event this late ends the run.
constexpr uint64_t kGiveUpNs = 1'000'000'000;

uint64_t samples[kEvents];  // static: 16 KiB is too much for a kernel stack

struct Probe {
  volatile bool fired = false;
  uint64_t entry_tsc = 0;
};

void OnFire(TimerEvent&, void* context) {
  auto* probe = static_cast<Probe*>(context);
  probe->entry_tsc = arch::LastTimerInterruptTsc();
  probe->fired = true;
}

}  // namespace

void RunTimerBenchmarks() {
  if (arch::CurrentApicTimerMode() == arch::ApicTimerMode::kNone || !arch::InterruptsEnabled()) {
    LogWarn("bench: time.timer_latency skipped (no system timer or interrupts disabled)");
    return;
  }
  bench::SampleSet set(rstd::Span<uint64_t>(samples, kEvents));
  Probe probe;
  TimerEvent event(&OnFire, &probe);
  const TscClock& clock = MonotonicClock();
  // A cheap LCG spreads the deadlines, so they do not line up with anything periodic.
  uint32_t random = 0x2545f491;
  for (size_t i = 0; i < kEvents; ++i) {
    random = random * 1664525 + 1013904223;
    const uint64_t deadline = MonotonicNanoseconds() + kMinAheadNs + (random >> 8) % kAheadSpreadNs;
    probe.fired = false;
    arch::AddTimer(event, deadline);
    {
      // Checked with interrupts off, then halted with EnableInterruptsAndHalt: the firing
      // cannot slip in between. Other interrupts wake the loop too, so the limit is checked.
      arch::InterruptGuard guard;
      while (!probe.fired && MonotonicNanoseconds() < deadline + kGiveUpNs) {
        arch::EnableInterruptsAndHalt();
      }
    }
    if (!probe.fired) {
      arch::CancelTimer(event);
      LogWarn("bench: time.timer_latency: event {} never fired; stopping", i);
      break;
    }
    const uint64_t entry_ns = clock.Nanoseconds(probe.entry_tsc);
    // Never negative: the queue runs an event only once its deadline has passed.
    set.Add(entry_ns > deadline ? entry_ns - deadline : 0);
  }
  bench::LogDistribution("time.timer_latency", "ns", set);
}

}  // namespace raeen::kernel
