#include "kernel/bench/periodic_probe.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/log/log.h"
#include "kernel/sched/run_queue.h"
#include "kernel/sync/event.h"
#include "kernel/sync/semaphore.h"
#include "kernel/thread/scheduler.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::bench {
namespace {

struct ProbeRun {
  const PeriodicProbeConfig* config = nullptr;
  PeriodicProbeSamples samples;
  PeriodicProbeResult result;
  sync::Event go;  // the hogs are placed: start the first period
  volatile bool stop_hogs = false;
  sync::Semaphore finished;  // one Up per thread that is done with this object
};

// Spins until `deadline_ns`; returns the longest gap between two clock reads.
uint64_t SpinUntil(uint64_t deadline_ns) {
  uint64_t last = MonotonicNanoseconds();
  uint64_t longest = 0;
  while (last < deadline_ns) {
    arch::Pause();
    const uint64_t now = MonotonicNanoseconds();
    if (now - last > longest) longest = now - last;
    last = now;
  }
  return longest;
}

void SpinningHog(void* raw) {
  auto* run = static_cast<ProbeRun*>(raw);
  while (!run->stop_hogs) arch::Pause();
  run->finished.Up();
}

void HaltingHog(void* raw) {
  auto* run = static_cast<ProbeRun*>(raw);
  while (!run->stop_hogs) asm volatile("hlt");  // interrupts are on: wakes at the next one
  run->finished.Up();
}

// A job as the thread saw it; settled after the next wake-up, once the kernel has charged
// it and judged its deadline (both happen when it blocks).
struct Job {
  bool late = false;       // finished after release + relative deadline
  bool disturbed = false;  // the host stalled the virtual CPU during it
  uint64_t active_ns = 0;  // from waking to the end of its work
};

void Probe(void* raw) {
  auto* run = static_cast<ProbeRun*>(raw);
  const PeriodicProbeConfig& config = *run->config;
  PeriodicProbeResult& result = run->result;
  const uint64_t period = config.server.period_ns;
  const uint64_t deadline = config.server.RelativeDeadline();
  run->go.Wait();
  uint64_t release = MonotonicNanoseconds() + period;
  uint64_t previous_wake = 0;
  sched::SchedStats before = CurrentThreadStats().sched;
  Job previous;
  for (uint32_t k = 0; k <= config.periods; ++k) {
    // Its release already passed: the previous job ran into this period.
    const bool overdue = MonotonicNanoseconds() >= release;
    SleepUntil(release);
    const uint64_t woke = MonotonicNanoseconds();
    const uint64_t interrupt = MonotonicClock().Nanoseconds(arch::LastTimerInterruptTsc());
    const sched::SchedStats stats = CurrentThreadStats().sched;
    if (k > 0) {
      // Charged well beyond what the thread saw itself run: its way into the kernel to block
      // was stalled.
      const uint64_t charged = stats.rt_budget_used_ns - before.rt_budget_used_ns;
      if (charged > previous.active_ns + kStallNs) previous.disturbed = true;
      if (previous.disturbed) ++result.disturbed_jobs;
      if (previous.late || stats.deadline_misses != before.deadline_misses) {
        ++result.misses;
        if (previous.disturbed) ++result.disturbed_misses;
      }
    }
    before = stats;
    if (k == config.periods) break;

    Job job;
    // The timer interrupt that woke it came late: the emulated timer, not the scheduler. (A
    // release already past when the thread went to sleep has no interrupt of its own.)
    const uint64_t woken_at = interrupt > release ? interrupt : release;
    // A job that starts late because a disturbed one ran into its period inherits that.
    job.disturbed = woken_at - release > kLateTimerNs || (overdue && previous.disturbed);
    if (k < run->samples.wake_latency_ns.size()) run->samples.wake_latency_ns[k] = woke - release;
    const uint64_t scheduling = woke > woken_at ? woke - woken_at : 0;
    if (k < run->samples.sched_latency_ns.size()) run->samples.sched_latency_ns[k] = scheduling;
    // From the interrupt to the thread is a few microseconds of kernel code on this CPU
    // (or a spin on a lock whose holder the host stopped): a millisecond there is the host.
    if (scheduling > kLateTimerNs) job.disturbed = true;
    if (k > 0 && k - 1 < run->samples.period_jitter_ns.size()) {
      const uint64_t interval = woke - previous_wake;
      run->samples.period_jitter_ns[k - 1] =
          interval > period ? interval - period : period - interval;
    }
    previous_wake = woke;
    const uint64_t stall = SpinUntil(woke + config.work_ns);
    if (stall > result.longest_stall_ns) result.longest_stall_ns = stall;
    if (stall > kStallNs) job.disturbed = true;
    const uint64_t done = MonotonicNanoseconds();
    job.active_ns = done - woke;
    job.late = done > release + deadline;
    previous = job;
    release += period;
  }
  result.periods = config.periods;
  result.cpu = CurrentThread()->cpu();
  result.stats = CurrentThreadStats().sched;
  run->finished.Up();
}

}  // namespace

Result<PeriodicProbeResult> RunPeriodicProbe(const PeriodicProbeConfig& config,
                                             const PeriodicProbeSamples& samples) {
  ProbeRun run;
  run.config = &config;
  run.samples = samples;
  ThreadOptions options;
  options.real_time = &config.server;
  Result<Thread*> probe = CreateThread("rt-probe", &Probe, &run, options);
  if (!probe.ok()) return Error(probe.status());
  uint32_t threads = 1;
  Status failure = Status::kOk;
  if (config.hogs) {
    // One hog pinned to every CPU; the one beside the probe spins.
    const uint32_t probe_cpu = (*probe)->entity().rt_home()->cpu();
    const sched::CpuSet cpus = SchedulerCpus();
    for (uint32_t cpu = 0; cpu < sched::kMaxCpus && failure == Status::kOk; ++cpu) {
      if (!cpus.Contains(cpu)) continue;
      const ThreadOptions pinned{.affinity = sched::CpuSet::Single(cpu)};
      Result<Thread*> hog = CreateThread("hog", cpu == probe_cpu ? &SpinningHog : &HaltingHog,
                                         &run, pinned);
      if (hog.ok()) {
        ++threads;
        ++run.result.hogs;
      } else {
        failure = hog.status();
      }
    }
  }
  run.go.Signal();
  if (failure == Status::kOk) {
    const uint64_t nominal = config.server.period_ns * (config.periods + 2);
    if (run.finished.DownUntil(MonotonicNanoseconds() + 2 * nominal + 10'000'000'000)) {
      --threads;  // the probe is done: only hogs are left
    } else {
      failure = Status::kTimedOut;
      LogError("bench: the periodic probe did not finish in time");
      LogSchedulerState(*probe);
    }
  }
  run.stop_hogs = true;
  // Every thread must be done with `run` before it goes out of scope, whatever happened.
  for (; threads > 0; --threads) run.finished.Down();
  if (failure != Status::kOk) return Error(failure);
  return run.result;
}

}  // namespace raeen::kernel::bench
