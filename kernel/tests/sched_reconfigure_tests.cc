// In-kernel tests of changing a live thread's scheduling (SetThreadAffinity,
// MakeThreadRealTime) on real CPUs, in each of the states it can meet a thread in: running on
// another CPU, waiting on a run queue, blocked (parked while the change is made, a wake-up
// waiting meanwhile), or the calling thread itself.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/sync/semaphore.h"
#include "kernel/thread/scheduler.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

using sched::CpuSet;

constexpr uint64_t kMs = 1'000'000;
constexpr uint32_t kRounds = 1000;
constexpr uint32_t kMaxStormThreads = 16;

uint64_t Now() { return MonotonicNanoseconds(); }

uint32_t ThisCpu() {
  PreemptGuard guard;
  return arch::CurrentCpu()->index;
}

uint64_t NextRandom(uint64_t& seed) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return seed >> 33;
}

struct Storm {
  sync::Semaphore finished;  // a worker did its rounds
  sync::Semaphore may_exit;  // the changer has stopped: workers may end (and be freed)
  sync::Semaphore token;     // passed between workers: wake-ups across CPUs
  volatile bool stop_spinning = false;
};

// Sleeps, passes a token around and now and then moves itself, while the changer moves it.
void Worker(void* raw) {
  auto* storm = static_cast<Storm*>(raw);
  uint64_t seed = Now();
  const uint32_t cpus = SchedulerCpus().Count();
  for (uint32_t round = 0; round < kRounds; ++round) {
    SleepUntil(Now() + 20'000 + NextRandom(seed) % 200'000);
    if (storm->token.DownUntil(Now() + kMs)) storm->token.Up();
    if (NextRandom(seed) % 8 == 0) {
      // Where it lands is not checked here: the changer may move it again at any moment
      // (sched.user checks a thread that moves itself undisturbed).
      const uint32_t cpu = static_cast<uint32_t>(NextRandom(seed) % cpus);
      (void)SetThreadAffinity(CurrentThread(), CpuSet::Single(cpu));
    }
  }
  storm->finished.Up();
  storm->may_exit.Down();
}

// Runs until told to stop: the changer meets it running or queued.
void Spinner(void* raw) {
  auto* storm = static_cast<Storm*>(raw);
  while (!storm->stop_spinning) arch::Pause();
  storm->finished.Up();
  storm->may_exit.Down();
}

KTEST(sched, reconfigure_storm_loses_no_thread) {
  static Storm storm;  // outlives the test: the threads touch it while they end
  storm.token.Up();
  const uint32_t cpus = SchedulerCpus().Count();
  Thread* threads[kMaxStormThreads];
  uint32_t workers = 0;
  uint32_t spinners = 0;
  for (; workers < 2 * cpus && workers < kMaxStormThreads / 2; ++workers) {
    Result<Thread*> created = CreateThread("reconf-worker", &Worker, &storm);
    if (!created.ok()) break;
    threads[workers] = *created;
  }
  for (; spinners < cpus && workers + spinners < kMaxStormThreads; ++spinners) {
    Result<Thread*> created = CreateThread("reconf-spinner", &Spinner, &storm);
    if (!created.ok()) break;
    threads[workers + spinners] = *created;
  }
  const uint32_t total = workers + spinners;
  KTEST_EXPECT(workers == 2 * cpus && spinners == cpus);

  // Move random threads to random CPU sets until the workers are done.
  uint64_t seed = Now();
  uint32_t changes = 0;
  uint32_t refused = 0;
  uint32_t done = 0;
  const uint64_t give_up = Now() + 60'000 * kMs;
  while (done < workers && Now() < give_up) {
    Thread* target = threads[NextRandom(seed) % total];
    uint64_t mask = NextRandom(seed) & SchedulerCpus().mask();
    if (mask == 0) mask = SchedulerCpus().mask();
    if (SetThreadAffinity(target, CpuSet::FromMask(mask)).ok()) {
      ++changes;
    } else {
      ++refused;
    }
    while (storm.finished.TryDown()) ++done;
  }
  if (done < workers) {
    LogError("sched.reconfigure_storm: {} of {} workers unfinished after 60 s", workers - done,
             workers);
    LogSchedulerState();
  }
  // A spinner made real time on its CPU is throttled but keeps running; real time on another
  // CPU while admitted here is refused.
  const uint32_t home = ThisCpu();
  const sched::RtParams params{1 * kMs, 10 * kMs, 0};
  Thread* spinner = threads[workers];
  KTEST_EXPECT(SetThreadAffinity(spinner, CpuSet::All()).ok());
  KTEST_EXPECT(MakeThreadRealTime(spinner, params, home).ok());
  KTEST_EXPECT(ThreadStatsOf(spinner).real_time);
  if (cpus > 1) {
    KTEST_EXPECT(MakeThreadRealTime(spinner, params, (home + 1) % cpus).status() ==
                 Status::kBadState);
    KTEST_EXPECT(SetThreadAffinity(spinner, CpuSet::Single((home + 1) % cpus)).status() ==
                 Status::kInvalidArgument);
  }
  storm.stop_spinning = true;
  for (uint32_t i = 0; i < spinners; ++i) {
    if (storm.finished.DownUntil(Now() + 10'000 * kMs)) ++done;
  }
  storm.may_exit.Up(total);
  LogInfo("sched.reconfigure_storm: {} affinity changes ({} refused) over {} threads", changes,
          refused, total);
  KTEST_EXPECT(done == total);
  KTEST_EXPECT(changes > 0 && refused == 0);
}

}  // namespace
}  // namespace raeen::kernel
