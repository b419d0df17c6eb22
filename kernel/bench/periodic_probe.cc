#include "kernel/bench/periodic_probe.h"

#include "kernel/arch/x86_64/cpu.h"
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
  rstd::Span<uint64_t> latency;
  rstd::Span<uint64_t> jitter;
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

uint64_t KernelMisses() { return CurrentThreadStats().sched.deadline_misses; }

void Probe(void* raw) {
  auto* run = static_cast<ProbeRun*>(raw);
  const PeriodicProbeConfig& config = *run->config;
  PeriodicProbeResult& result = run->result;
  const uint64_t period = config.server.period_ns;
  const uint64_t deadline = config.server.RelativeDeadline();
  run->go.Wait();
  uint64_t release = MonotonicNanoseconds() + period;
  uint64_t previous_wake = 0;
  uint64_t misses_before = KernelMisses();
  bool previous_disturbed = false;
  bool previous_late = false;
  for (uint32_t k = 0; k <= config.periods; ++k) {
    SleepUntil(release);
    const uint64_t woke = MonotonicNanoseconds();
    // The kernel counts a job's miss when the job ends (it blocked just now): settle the
    // previous job's verdict first.
    const uint64_t misses_now = KernelMisses();
    if (k > 0 && (previous_late || misses_now != misses_before)) {
      ++result.misses;
      if (previous_disturbed) ++result.disturbed_misses;
    }
    misses_before = misses_now;
    if (k == config.periods) break;
    if (k < run->latency.size()) run->latency[k] = woke - release;
    if (k > 0 && k - 1 < run->jitter.size()) {
      const uint64_t interval = woke - previous_wake;
      run->jitter[k - 1] = interval > period ? interval - period : period - interval;
    }
    previous_wake = woke;
    const uint64_t stall = SpinUntil(woke + config.work_ns);
    if (stall > result.longest_stall_ns) result.longest_stall_ns = stall;
    previous_disturbed = stall > kStallNs;
    if (previous_disturbed) ++result.disturbed_jobs;
    previous_late = MonotonicNanoseconds() > release + deadline;
    release += period;
  }
  result.periods = config.periods;
  result.cpu = CurrentThread()->cpu();
  result.stats = CurrentThreadStats().sched;
  run->finished.Up();
}

}  // namespace

Result<PeriodicProbeResult> RunPeriodicProbe(const PeriodicProbeConfig& config,
                                             rstd::Span<uint64_t> wake_latency_ns,
                                             rstd::Span<uint64_t> period_jitter_ns) {
  ProbeRun run;
  run.config = &config;
  run.latency = wake_latency_ns;
  run.jitter = period_jitter_ns;
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
