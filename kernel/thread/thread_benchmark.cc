#include "kernel/thread/thread_benchmark.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/bench/periodic_probe.h"
#include "kernel/bench/sample_set.h"
#include "kernel/log/log.h"
#include "kernel/sync/semaphore.h"
#include "kernel/thread/scheduler.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr size_t kYieldIterations = 10000;
constexpr size_t kWakeIterations = 2000;
constexpr uint32_t kProbePeriods = 600;  // 5 s at 120 Hz
uint64_t samples[kYieldIterations];
uint64_t wake_samples[kProbePeriods];
uint64_t sched_samples[kProbePeriods];
uint64_t jitter_samples[kProbePeriods];

uint64_t ElapsedNs(uint64_t start_tsc) {
  return MonotonicClock().TicksToNanoseconds(arch::ReadTsc() - start_tsc);
}

// Thread switch on one CPU: two threads pinned to CPU 0 yield to each other; one round trip
// is two switches.
struct YieldRun {
  volatile bool stop = false;
  sync::Semaphore done;
};

void YieldPartner(void* raw) {
  auto* run = static_cast<YieldRun*>(raw);
  while (!run->stop) Yield();
  run->done.Up();
}

void YieldMeasurer(void* raw) {
  auto* run = static_cast<YieldRun*>(raw);
  Yield();  // let the partner start
  bench::SampleSet set(samples);
  for (size_t i = 0; i < kYieldIterations; ++i) {
    const uint64_t start = arch::ReadTsc();
    Yield();
    set.Add(ElapsedNs(start));
  }
  run->stop = true;
  bench::LogDistribution("thread.yield_round_trip", "ns", set);
  run->done.Up();
}

void BenchmarkYield() {
  YieldRun run;
  const ThreadOptions on_cpu0{.affinity = sched::CpuSet::Single(0)};
  int started = 0;
  if (CreateThread("bench-partner", &YieldPartner, &run, on_cpu0).ok()) ++started;
  if (started == 1 && CreateThread("bench-yield", &YieldMeasurer, &run, on_cpu0).ok()) ++started;
  if (started < 2) {
    LogError("bench: thread.yield_round_trip: cannot create its threads");
    run.stop = true;
  }
  for (; started > 0; --started) run.done.Down();
}

// Cross-CPU wake-up: a thread on the last CPU waits on a semaphore; CPU 0 raises it and the
// sample is the time from Up to the waiter running.
struct WakeRun {
  sync::Semaphore request;
  sync::Semaphore ack;
  volatile uint64_t woke_tsc = 0;
  volatile bool stop = false;
};

void Waiter(void* raw) {
  auto* run = static_cast<WakeRun*>(raw);
  for (;;) {
    run->request.Down();
    run->woke_tsc = arch::ReadTsc();
    const bool stop = run->stop;
    run->ack.Up();
    if (stop) return;
  }
}

void BenchmarkCrossCpuWake() {
  const sched::CpuSet cpus = SchedulerCpus();
  if (cpus.Count() < 2) {
    LogInfo("bench: sched.cross_cpu_wake needs 2 cpus; this machine has 1");
    return;
  }
  const uint32_t far_cpu = 63 - static_cast<uint32_t>(__builtin_clzll(cpus.mask()));
  WakeRun run;
  const ThreadOptions there{.affinity = sched::CpuSet::Single(far_cpu)};
  if (!CreateThread("bench-waiter", &Waiter, &run, there).ok()) {
    LogError("bench: sched.cross_cpu_wake: cannot create its thread");
    return;
  }
  bench::SampleSet set(samples);
  for (size_t i = 0; i < kWakeIterations; ++i) {
    SleepFor(200'000);  // the waiter is blocked again, and its CPU idle
    const uint64_t start = arch::ReadTsc();
    run.request.Up();
    run.ack.Down();
    set.Add(MonotonicClock().TicksToNanoseconds(run.woke_tsc - start));
  }
  run.stop = true;
  run.request.Up();
  run.ack.Down();
  bench::LogDistribution("sched.cross_cpu_wake", "ns", set);
}

void LogSamples(const char* prefix, const char* metric, rstd::Span<uint64_t> filled) {
  char name[64];
  bench::SampleSet set = bench::SampleSet::Filled(filled);
  bench::LogDistribution(rstd::FormatTo(name, sizeof(name), "{}.{}", prefix, metric), "ns", set);
}

// The 120 Hz real-time thread (1 ms budget, 0.25 ms of work per frame), as in sched.edf.
void BenchmarkPeriodic(bool hogs) {
  const bench::PeriodicProbeConfig config{
      .server = {.budget_ns = 1'000'000, .period_ns = 8'333'333, .deadline_ns = 0},
      .work_ns = 250'000,
      .periods = kProbePeriods,
      .hogs = hogs};
  const char* prefix = hogs ? "sched.rt120_hogs" : "sched.rt120";
  Result<bench::PeriodicProbeResult> result = bench::RunPeriodicProbe(
      config, {{wake_samples, kProbePeriods}, {sched_samples, kProbePeriods},
               {jitter_samples, kProbePeriods - 1}});
  if (!result.ok()) {
    LogError("bench: {}: {}", prefix, result.status());
    return;
  }
  LogSamples(prefix, "wake_latency", {wake_samples, kProbePeriods});
  LogSamples(prefix, "sched_latency", {sched_samples, kProbePeriods});
  LogSamples(prefix, "period_jitter", {jitter_samples, kProbePeriods - 1});
  LogInfo("@bench {}.misses count {}", prefix, result->misses);
  LogInfo("bench: 120 Hz probe{} on cpu {}: {} periods, {} misses ({} in {} jobs the host "
          "stalled); kernel: {} misses, {} overruns",
          hogs ? " beside hogs" : "", result->cpu, result->periods, result->misses,
          result->disturbed_misses, result->disturbed_jobs, result->stats.deadline_misses,
          result->stats.overruns);
}

}  // namespace

void RunThreadBenchmarks() {
  BenchmarkYield();
  BenchmarkCrossCpuWake();
  BenchmarkPeriodic(/*hogs=*/false);
  BenchmarkPeriodic(/*hogs=*/true);
}

}  // namespace raeen::kernel
