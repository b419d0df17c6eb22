// In-kernel tests of the scheduler on real CPUs: every CPU runs threads, timer preemption
// shares a CPU by weight, EDF/CBS real time, admission, core isolation, and the blocking
// primitives (mutex, semaphore, event, sleep) across CPUs. The policy itself is host-tested
// (tests/host/kernel/sched); the system scenarios sched.* run these with 1, 2 and 4 CPUs.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_test_sources.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/irq_steering.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/bench/periodic_probe.h"
#include "kernel/bench/sample_set.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/sched/run_queue.h"
#include "kernel/sync/event.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/semaphore.h"
#include "kernel/thread/scheduler.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

using sched::CpuSet;

constexpr uint64_t kMs = 1'000'000;

uint64_t Now() { return MonotonicNanoseconds(); }

uint32_t ThisCpu() {
  PreemptGuard guard;
  return arch::CurrentCpu()->index;
}

uint32_t LastCpu() { return 63 - static_cast<uint32_t>(__builtin_clzll(SchedulerCpus().mask())); }

// Threads that spin for a while and note every CPU they were seen on.
struct Spinners {
  uint64_t cpus_seen = 0;  // atomic OR of CPU bits
  uint64_t until_ns = 0;
  sync::Semaphore done;
};

void Spin(void* raw) {
  auto* spinners = static_cast<Spinners*>(raw);
  while (Now() < spinners->until_ns) {
    __atomic_fetch_or(&spinners->cpus_seen, uint64_t{1} << ThisCpu(), __ATOMIC_RELAXED);
    arch::Pause();
  }
  spinners->done.Up();
}

// Starts `count` spinners with `options` for `duration_ns`, waits for them, and returns the
// CPUs they ran on (0 if one could not be created).
uint64_t RunSpinners(uint32_t count, uint64_t duration_ns, const ThreadOptions& options = {}) {
  Spinners spinners;
  spinners.until_ns = Now() + duration_ns;
  uint32_t started = 0;
  for (; started < count; ++started) {
    if (!CreateThread("spinner", &Spin, &spinners, options).ok()) break;
  }
  for (uint32_t i = 0; i < started; ++i) spinners.done.Down();
  return started == count ? spinners.cpus_seen : 0;
}

// sched.smp: with two spinners per CPU, every CPU the scheduler runs on takes threads.
KTEST(sched, every_cpu_runs_threads) {
  const CpuSet cpus = SchedulerCpus();
  KTEST_EXPECT(cpus.Count() == arch::CpuCount());
  const uint64_t seen = RunSpinners(2 * cpus.Count(), 200 * kMs);
  LogInfo("sched.smp: {} spinners ran on cpus {:#x}; scheduler cpus {:#x}", 2 * cpus.Count(),
          seen, cpus.mask());
  KTEST_EXPECT(seen == cpus.mask());
}

// Two CPU hogs that never yield, pinned to one CPU with weights 1 and 2: only the timer can
// switch between them, and their CPU times follow the weights.
struct WeightedHog {
  volatile bool* stop;
  uint64_t kernel_ns = 0;
  sync::Semaphore* done;
};

void Hog(void* raw) {
  auto* hog = static_cast<WeightedHog*>(raw);
  while (!*hog->stop) arch::Pause();
  hog->kernel_ns = CurrentThreadStats().sched.kernel_ns;
  hog->done->Up();
}

KTEST(sched, timer_preemption_shares_a_cpu_by_weight) {
  volatile bool stop = false;
  sync::Semaphore done;
  WeightedHog light{&stop, 0, &done};
  WeightedHog heavy{&stop, 0, &done};
  const CpuSet there = CpuSet::Single(LastCpu());
  const bool created =
      CreateThread("hog-w1", &Hog, &light, {.affinity = there, .weight = 1024}).ok() &&
      CreateThread("hog-w2", &Hog, &heavy, {.affinity = there, .weight = 2048}).ok();
  KTEST_EXPECT(created);
  SleepFor(600 * kMs);
  stop = true;
  if (created) {
    done.Down();
    done.Down();
  }
  LogInfo("sched: weights 1:2 on cpu {} got {} us : {} us", LastCpu(), light.kernel_ns / 1000,
          heavy.kernel_ns / 1000);
  KTEST_EXPECT(light.kernel_ns > 100 * kMs);  // both ran: preemption works
  // 1:2 within 15% under TCG (the host shows the 2% bound with a fake clock).
  KTEST_EXPECT(heavy.kernel_ns * 100 >= light.kernel_ns * 170);
  KTEST_EXPECT(heavy.kernel_ns * 100 <= light.kernel_ns * 230);
}

// Load balancing between busy CPUs: every CPU but 0 runs a hog bound to it and all the
// spinners start on CPU 0 (the others are isolated while they are created). Once isolation
// ends, the busier CPU 0 must hand spinners to CPUs running one thread each: their timers
// never fire (a lone thread runs tickless), so only CPU 0 can start the move.
KTEST(sched, busy_cpus_even_out) {
  const CpuSet cpus = SchedulerCpus();
  if (cpus.Count() == 1) return;
  Spinners bound;
  bound.until_ns = Now() + 1000 * kMs;
  uint32_t hogs = 0;
  for (uint32_t cpu = 1; cpu < sched::kMaxCpus; ++cpu) {
    if (!cpus.Contains(cpu)) continue;
    KTEST_EXPECT(IsolateCpu(cpu).ok());
    if (CreateThread("bound-hog", &Spin, &bound, {.affinity = CpuSet::Single(cpu)}).ok()) ++hogs;
  }
  Spinners spinners;
  spinners.until_ns = Now() + 600 * kMs;
  const uint32_t count = 2 * cpus.Count();
  uint32_t started = 0;
  for (; started < count; ++started) {
    if (!CreateThread("spinner", &Spin, &spinners).ok()) break;
  }
  SleepFor(50 * kMs);
  const uint64_t before = spinners.cpus_seen;
  spinners.cpus_seen = 0;
  for (uint32_t cpu = 1; cpu < sched::kMaxCpus; ++cpu) {
    if (cpus.Contains(cpu)) KTEST_EXPECT(UnisolateCpu(cpu).ok());
  }
  for (uint32_t i = 0; i < started; ++i) spinners.done.Down();
  for (uint32_t i = 0; i < hogs; ++i) bound.done.Down();
  LogInfo("sched: {} spinners ran on cpus {:#x} while the others were isolated, then on {:#x}",
          started, before, spinners.cpus_seen);
  KTEST_EXPECT(started == count && hogs == cpus.Count() - 1);
  KTEST_EXPECT(before == 1);
  KTEST_EXPECT(spinners.cpus_seen == cpus.mask());
}

// The blocking primitives, with every CPU contending.
struct Counter {
  sync::Mutex mutex;
  volatile uint64_t value = 0;
  sync::Semaphore done;
};

constexpr uint32_t kIncrements = 2000;

void Increment(void* raw) {
  auto* counter = static_cast<Counter*>(raw);
  for (uint32_t i = 0; i < kIncrements; ++i) {
    sync::MutexGuard guard(counter->mutex);
    const uint64_t value = counter->value;
    if (i % 64 == 0) Yield();  // hold it across a switch now and then
    counter->value = value + 1;
  }
  counter->done.Up();
}

KTEST(sync, mutex_excludes_across_cpus) {
  Counter counter;
  const uint32_t threads = 2 * SchedulerCpus().Count() + 1;
  uint32_t started = 0;
  for (; started < threads; ++started) {
    if (!CreateThread("increment", &Increment, &counter).ok()) break;
  }
  KTEST_EXPECT(started == threads);
  for (uint32_t i = 0; i < started; ++i) counter.done.Down();
  KTEST_EXPECT(counter.value == uint64_t{started} * kIncrements);
  KTEST_EXPECT(!counter.mutex.IsHeldByCurrentThread());
}

KTEST(sync, timeouts_expire_no_earlier_than_asked) {
  uint64_t start = Now();
  SleepFor(3 * kMs);
  KTEST_EXPECT(Now() - start >= 3 * kMs);
  sync::Event event;
  start = Now();
  KTEST_EXPECT(!event.WaitUntil(start + 2 * kMs));
  KTEST_EXPECT(Now() - start >= 2 * kMs);
  sync::Semaphore semaphore;
  start = Now();
  KTEST_EXPECT(!semaphore.DownUntil(start + 2 * kMs));
  KTEST_EXPECT(Now() - start >= 2 * kMs);
  semaphore.Up();
  KTEST_EXPECT(semaphore.DownUntil(Now() + 2 * kMs));  // available: no wait
  event.Signal();
  KTEST_EXPECT(event.WaitUntil(Now()));
  event.Reset();
  KTEST_EXPECT(!event.IsSignaled());
}

struct Relay {
  sync::Event go;
  sync::Semaphore answered;
  volatile uint32_t ran_on = ~0u;
};

void Answer(void* raw) {
  auto* relay = static_cast<Relay*>(raw);
  relay->go.Wait();
  relay->ran_on = ThisCpu();
  relay->answered.Up();
}

// A thread blocked on one CPU is woken from another (an IPI when that CPU is idle).
KTEST(sync, wake_up_reaches_a_thread_on_another_cpu) {
  Relay relay;
  const uint32_t far_cpu = LastCpu();
  KTEST_EXPECT(CreateThread("answer", &Answer, &relay, {.affinity = CpuSet::Single(far_cpu)}).ok());
  SleepFor(2 * kMs);  // it is blocked by now, and its CPU idle
  relay.go.Signal();
  KTEST_EXPECT(relay.answered.DownUntil(Now() + 1000 * kMs));
  KTEST_EXPECT(relay.ran_on == far_cpu);
}

// Many threads sleeping, waking and waiting on each other across CPUs, with a hog on every
// CPU: every sleep ends, and none ends more than 100 ms late (a lost wake-up would show as a
// sleep that never ends, or one that ends only when something else happens to wake its CPU).
struct SleepStorm {
  volatile bool stop_hogs = false;
  sync::Semaphore done;
  sync::Semaphore token;  // passed around: waits that another thread ends
  uint64_t worst_late_ns = 0;  // atomic max
  uint32_t rounds_done = 0;    // atomic
};

constexpr uint32_t kStormRounds = 300;

void StormHog(void* raw) {
  auto* storm = static_cast<SleepStorm*>(raw);
  while (!storm->stop_hogs) arch::Pause();
  storm->done.Up();
}

void StormSleeper(void* raw) {
  auto* storm = static_cast<SleepStorm*>(raw);
  uint64_t seed = Now();
  for (uint32_t i = 0; i < kStormRounds; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    const uint64_t deadline = Now() + 50'000 + (seed >> 33) % 1'000'000;
    SleepUntil(deadline);
    const uint64_t late = Now() - deadline;
    uint64_t worst = __atomic_load_n(&storm->worst_late_ns, __ATOMIC_RELAXED);
    while (late > worst && !__atomic_compare_exchange_n(&storm->worst_late_ns, &worst, late, false,
                                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
    // Take the token (another sleeper gives it back), with a timeout as a second timer path.
    if (storm->token.DownUntil(Now() + 2 * kMs)) storm->token.Up();
    __atomic_fetch_add(&storm->rounds_done, 1, __ATOMIC_RELAXED);
  }
  storm->done.Up();
}

KTEST(sync, sleep_storm_loses_no_wake_up) {
  SleepStorm storm;
  storm.token.Up();
  const uint32_t cpus = SchedulerCpus().Count();
  const uint32_t sleepers = 3 * cpus;
  uint32_t hogs = 0;
  for (uint32_t cpu = 0; cpu < sched::kMaxCpus; ++cpu) {
    if (!SchedulerCpus().Contains(cpu)) continue;
    if (CreateThread("storm-hog", &StormHog, &storm, {.affinity = CpuSet::Single(cpu)}).ok()) {
      ++hogs;
    }
  }
  uint32_t started = 0;
  for (; started < sleepers; ++started) {
    if (!CreateThread("storm-sleeper", &StormSleeper, &storm).ok()) break;
  }
  KTEST_EXPECT(hogs == cpus && started == sleepers);
  uint32_t finished = 0;
  const uint64_t give_up = Now() + 30'000 * kMs;
  for (; finished < started; ++finished) {
    if (!storm.done.DownUntil(give_up)) break;
  }
  if (finished < started) {
    LogError("sync.sleep_storm: {} of {} sleepers still running after 30 s ({} rounds done)",
             started - finished, started, storm.rounds_done);
    LogSchedulerState();
  }
  storm.stop_hogs = true;
  for (uint32_t i = 0; i < hogs; ++i) storm.done.Down();
  LogInfo("sync.sleep_storm: {} sleepers x {} rounds beside {} hogs; latest wake {} us after "
          "its deadline",
          started, kStormRounds, hogs, storm.worst_late_ns / 1000);
  KTEST_EXPECT(finished == started);
  KTEST_EXPECT(storm.worst_late_ns < 100 * kMs);
}

// sched.edf: a 120 Hz real-time thread (1 ms budget, 0.25 ms of work per frame) beside a
// hog on every CPU meets every deadline over 2000 periods (16.7 s). Jobs during which QEMU
// stopped the virtual CPU (periodic_probe.h) are reported apart. They may not exceed a fifth,
// so that at least 1600 undisturbed jobs are judged: the test hosts are themselves virtual
// machines with CPU steal, and a quiet one stalled 360 of 2000 jobs in one measured run
// (usually 3-11).
uint64_t edf_wake[2000];
uint64_t edf_sched[2000];
uint64_t edf_jitter[2000];

KTEST_MANUAL(sched, edf_120hz_beside_hogs) {
  const bench::PeriodicProbeConfig config{
      .server = {.budget_ns = 1 * kMs, .period_ns = 8'333'333, .deadline_ns = 0},
      .work_ns = kMs / 4,
      .periods = 2000,
      .hogs = true};
  Result<bench::PeriodicProbeResult> result =
      bench::RunPeriodicProbe(config, {edf_wake, edf_sched, edf_jitter});
  KTEST_EXPECT(result.ok());
  if (!result.ok()) return;
  const bench::Distribution wake = bench::SampleSet::Filled(edf_wake).Summarize();
  const bench::Distribution scheduling = bench::SampleSet::Filled(edf_sched).Summarize();
  const uint32_t undisturbed_misses = result->misses - result->disturbed_misses;
  LogInfo("sched.edf: {} periods on cpu {} beside {} hogs: {} misses in undisturbed jobs; host "
          "stalls disturbed {} jobs ({} missed, longest stall seen in a job {} us); kernel "
          "counted {} misses, {} overruns; wake latency p50 {} us p99 {} us max {} us; timer "
          "interrupt to thread p50 {} us p99 {} us max {} us",
          result->periods, result->cpu, result->hogs, undisturbed_misses, result->disturbed_jobs,
          result->disturbed_misses, result->longest_stall_ns / 1000, result->stats.deadline_misses,
          result->stats.overruns, wake.p50 / 1000, wake.p99 / 1000, wake.max / 1000,
          scheduling.p50 / 1000, scheduling.p99 / 1000, scheduling.max / 1000);
  KTEST_EXPECT(result->hogs == SchedulerCpus().Count());
  KTEST_EXPECT(undisturbed_misses == 0);
  KTEST_EXPECT(result->disturbed_jobs <= result->periods / 5);
}

// sched.cbs: a real-time thread that spins forever gets its budget and no more; a fair thread
// on the same CPU keeps running.
struct CbsRun {
  volatile bool stop = false;
  sched::SchedStats rt_stats;
  uint64_t fair_ns = 0;
  sync::Semaphore done;
};

void RunawayRealTime(void* raw) {
  auto* run = static_cast<CbsRun*>(raw);
  while (!run->stop) arch::Pause();
  run->rt_stats = CurrentThreadStats().sched;
  run->done.Up();
}

void FairWorker(void* raw) {
  auto* run = static_cast<CbsRun*>(raw);
  while (!run->stop) arch::Pause();
  run->fair_ns = CurrentThreadStats().sched.kernel_ns;
  run->done.Up();
}

KTEST(sched, cbs_throttles_a_runaway_real_time_thread) {
  CbsRun run;
  const uint32_t cpu = LastCpu();
  const sched::RtParams server{.budget_ns = 1 * kMs, .period_ns = 10 * kMs, .deadline_ns = 0};
  ThreadOptions rt{.affinity = CpuSet::Single(cpu), .real_time = &server, .rt_cpu = cpu};
  const uint64_t start = Now();
  const bool created =
      CreateThread("runaway-rt", &RunawayRealTime, &run, rt).ok() &&
      CreateThread("fair", &FairWorker, &run, {.affinity = CpuSet::Single(cpu)}).ok();
  KTEST_EXPECT(created);
  if (!created) {
    run.stop = true;
    return;
  }
  SleepFor(500 * kMs);
  run.stop = true;
  run.done.Down();
  run.done.Down();
  const uint64_t elapsed = Now() - start;
  LogInfo("sched.cbs: over {} ms the spinning real-time thread ran {} us ({} overruns, {} "
          "throttles, {} us of overshoot forgiven); the fair thread ran {} us",
          elapsed / kMs, run.rt_stats.rt_budget_used_ns / 1000, run.rt_stats.overruns,
          run.rt_stats.throttles, run.rt_stats.rt_forgiven_ns / 1000, run.fair_ns / 1000);
  // 1 ms every 10 ms: at most 10% of the time (+ one budget of slack at each end), apart
  // from overshoot the debt cap forgave (a host stall while it ran; rt_class.h).
  KTEST_EXPECT(run.rt_stats.rt_budget_used_ns - run.rt_stats.rt_forgiven_ns <=
               elapsed / 10 + 2 * kMs);
  // Throttled again and again. Fewer than one overrun per period is normal under TCG: a
  // budget timer that fires late lets the job run on, and the debt is paid from the next
  // periods' budgets (hard CBS), so one overrun can cover several periods.
  KTEST_EXPECT(run.rt_stats.overruns >= 5);
  KTEST_EXPECT(run.fair_ns >= elapsed / 2);
}

// sched.admission: a CPU takes real-time servers up to 90% and refuses the next one.
struct Parked {
  sync::Event release;
  sync::Semaphore exited;
};

void ParkUntilReleased(void* raw) {
  auto* parked = static_cast<Parked*>(raw);
  parked->release.Wait();
  parked->exited.Up();
}

KTEST(sched, admission_refuses_oversubscription) {
  Parked parked;
  const sched::RtParams thirty{.budget_ns = 3 * kMs, .period_ns = 10 * kMs, .deadline_ns = 0};
  const ThreadOptions on_cpu0{.real_time = &thirty, .rt_cpu = 0};
  uint32_t admitted = 0;
  for (int i = 0; i < 3; ++i) {
    if (CreateThread("rt-30%", &ParkUntilReleased, &parked, on_cpu0).ok()) ++admitted;
  }
  KTEST_EXPECT(admitted == 3);
  KTEST_EXPECT(SchedStatsOf(0).rt_used_ppm == 900'000);
  const sched::RtParams one{.budget_ns = 1 * kMs, .period_ns = 10 * kMs, .deadline_ns = 0};
  Result<Thread*> refused =
      CreateThread("rt-10%", &ParkUntilReleased, &parked, {.real_time = &one, .rt_cpu = 0});
  LogInfo("sched.admission: a 4th server (10%) on cpu 0 at 90%: {}", refused.status());
  KTEST_EXPECT(refused.status() == Status::kOutOfRange);
  const sched::RtParams malformed{.budget_ns = 20 * kMs, .period_ns = 10 * kMs, .deadline_ns = 0};
  Result<Thread*> bad =
      CreateThread("rt-bad", &ParkUntilReleased, &parked, {.real_time = &malformed});
  LogInfo("sched.admission: budget above its period: {}", bad.status());
  KTEST_EXPECT(bad.status() == Status::kInvalidArgument);
  // Anywhere: with more CPUs another one takes it; with one CPU it is refused too.
  Result<Thread*> anywhere =
      CreateThread("rt-10%", &ParkUntilReleased, &parked, {.real_time = &one});
  if (SchedulerCpus().Count() > 1) {
    KTEST_EXPECT(anywhere.ok());
    if (anywhere.ok()) {
      ++admitted;
      KTEST_EXPECT((*anywhere)->entity().rt_home() != nullptr &&
                   (*anywhere)->entity().rt_home()->cpu() != 0);
    }
  } else {
    KTEST_EXPECT(anywhere.status() == Status::kOutOfRange);
  }
  parked.release.Signal();
  for (uint32_t i = 0; i < admitted; ++i) parked.exited.Down();
  // Exited servers give their share back once their CPU switched away from them.
  const uint64_t end = Now() + 1000 * kMs;
  while (SchedStatsOf(0).rt_used_ppm != 0 && Now() < end) SleepFor(kMs);
  KTEST_EXPECT(SchedStatsOf(0).rt_used_ppm == 0);
}

void IgnoreDeviceInterrupt(arch::InterruptFrame&) {}

// sched.isolate: an isolated CPU runs only the thread bound to it and takes no device
// interrupts; after un-isolating, it takes both again.
KTEST(sched, isolated_cpu_runs_only_bound_threads) {
  const CpuSet cpus = SchedulerCpus();
  if (cpus.Count() == 1) {
    const Result<void> refused = IsolateCpu(0);
    LogInfo("sched.isolate: isolating the only cpu: {}", refused.status());
    KTEST_EXPECT(refused.status() == Status::kBadState);
    return;
  }
  const uint32_t isolated = LastCpu();
  KTEST_EXPECT(IsolateCpu(isolated).ok());
  KTEST_EXPECT(IsolatedCpus() == CpuSet::Single(isolated));
  KTEST_EXPECT((arch::DeviceInterruptCpuMask() >> isolated & 1) == 0);
  const uint64_t device_before = arch::DeviceInterruptCount(isolated);
  uint64_t device_total_before = 0;
  for (uint32_t cpu = 0; cpu < cpus.Count(); ++cpu) {
    device_total_before += arch::DeviceInterruptCount(cpu);
  }

  // Device interrupts (the PIT through the I/O APIC at 1 kHz) while threads run. The route
  // names CPU 0; steering overrides that with a CPU that is not isolated.
  const uint8_t vector = arch::vectors::IsaIrq(0);
  KTEST_EXPECT(arch::RouteIsaIrqToVector(0, vector, arch::CpuByIndex(0).apic_id).ok());
  KTEST_EXPECT(arch::RegisterInterruptHandler(vector, &IgnoreDeviceInterrupt).ok());
  arch::StartPitChannel0(1000);
  KTEST_EXPECT(arch::SetIsaIrqMasked(0, false).ok());
  Spinners bound_run;
  bound_run.until_ns = Now() + 300 * kMs;
  const bool bound_created =
      CreateThread("bound", &Spin, &bound_run, {.affinity = CpuSet::Single(isolated)}).ok();
  const uint64_t unbound_seen = RunSpinners(2 * cpus.Count(), 300 * kMs);
  if (bound_created) bound_run.done.Down();
  KTEST_EXPECT(arch::SetIsaIrqMasked(0, true).ok());
  arch::StopPitChannel0();
  arch::UnregisterInterruptHandler(vector);

  uint64_t device_total_after = 0;
  for (uint32_t cpu = 0; cpu < cpus.Count(); ++cpu) {
    device_total_after += arch::DeviceInterruptCount(cpu);
  }
  const uint64_t device_on_isolated = arch::DeviceInterruptCount(isolated) - device_before;
  LogInfo("sched.isolate: cpu {} isolated: bound thread on {:#x}, unbound threads on {:#x}; {} "
          "device interrupts, {} of them on cpu {}",
          isolated, bound_run.cpus_seen, unbound_seen, device_total_after - device_total_before,
          device_on_isolated, isolated);
  KTEST_EXPECT(bound_created && bound_run.cpus_seen == uint64_t{1} << isolated);
  KTEST_EXPECT(unbound_seen != 0 && (unbound_seen >> isolated & 1) == 0);
  KTEST_EXPECT(device_total_after - device_total_before >= 50);
  KTEST_EXPECT(device_on_isolated == 0);

  KTEST_EXPECT(UnisolateCpu(isolated).ok());
  KTEST_EXPECT(IsolatedCpus().empty());
  KTEST_EXPECT((arch::DeviceInterruptCpuMask() >> isolated & 1) == 1);
  const uint64_t after_seen = RunSpinners(2 * cpus.Count(), 200 * kMs);
  LogInfo("sched.isolate: cpu {} back: unbound threads on {:#x}", isolated, after_seen);
  KTEST_EXPECT(after_seen == cpus.mask());
}

// A lock taken against the rank order panics with both names (run by the sched.smp scenario).
KTEST_MANUAL(sync, lock_order_violation_panics) {
  sync::SpinLock high(sync::LockRank::kHeap, "test high lock");
  sync::SpinLock low(sync::LockRank::kWaitQueue, "test low lock");
  sync::SpinLockGuard outer(high);
  sync::SpinLockGuard inner(low);
  KTEST_EXPECT(false);  // not reached
}

}  // namespace
}  // namespace raeen::kernel
