// The scheduling policy end to end on simulated CPUs (sim.h): the issue-4 guarantees over
// long runs of fake time.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/host/kernel/sched/sim.h"

namespace raeen::kernel::sched::sim {
namespace {

Result<void> MakeRealTime(Sim& sim, SimThread& t, uint32_t cpu, uint64_t budget, uint64_t period,
                          uint64_t deadline = 0) {
  t.home_cpu = static_cast<int>(cpu);
  t.deadline_ns = deadline;
  return sim.rq(cpu).MakeRealTime(t.entity, RtParams{budget, period, deadline});
}

// A 120 Hz real-time thread (1 ms budget, 0.9 ms of work per frame) next to fair threads that
// never block: EDF runs it first at every release, so it finishes every frame in time.
TEST(SchedSimulation, RealTime120HzNextToFairHogsMissesNoDeadline) {
  Sim sim(1);
  constexpr uint64_t kPeriod = 1'000'000'000 / 120;  // 8.333 ms
  constexpr uint64_t kPeriods = 2000;
  SimThread& frame = sim.Periodic("frame", 900'000, kPeriod, /*start=*/1'234'567);
  ASSERT_TRUE(MakeRealTime(sim, frame, 0, 1 * kMs, kPeriod).ok());
  SimThread& hog1 = sim.Hog("hog1");
  SimThread& hog2 = sim.Hog("hog2");
  SimThread& hog3 = sim.Hog("hog3");

  sim.Run(1'234'567 + kPeriods * kPeriod);

  EXPECT_EQ(frame.jobs_done, kPeriods);
  EXPECT_EQ(frame.entity.stats().deadline_misses, 0u);
  EXPECT_EQ(frame.harness_misses, 0u);
  EXPECT_EQ(frame.entity.stats().overruns, 0u);
  EXPECT_EQ(frame.entity.stats().rt_budget_used_ns, kPeriods * 900'000);
  // The hogs share the rest equally (within a slice each).
  const uint64_t rest = sim.now() - frame.ran_ns;
  for (SimThread* hog : {&hog1, &hog2, &hog3}) {
    EXPECT_NEAR(static_cast<double>(hog->ran_ns), rest / 3.0, 0.01 * rest) << hog->name;
  }
}

// Three real-time servers with different periods at 85% of the CPU together, with fair hogs:
// EDF at (almost) the admission bound still misses nothing, and the hogs get what is left.
TEST(SchedSimulation, SeveralRealTimeServersNearTheBoundMissNoDeadline) {
  Sim sim(1);
  SimThread& a = sim.Periodic("a", 2 * kMs, 5 * kMs);            // 40%
  SimThread& b = sim.Periodic("b", 3 * kMs, 12 * kMs, 1 * kMs);  // 25%
  SimThread& c = sim.Periodic("c", 4 * kMs, 20 * kMs, 3 * kMs);  // 20%
  ASSERT_TRUE(MakeRealTime(sim, a, 0, 2 * kMs, 5 * kMs).ok());
  ASSERT_TRUE(MakeRealTime(sim, b, 0, 3 * kMs, 12 * kMs).ok());
  ASSERT_TRUE(MakeRealTime(sim, c, 0, 4 * kMs, 20 * kMs).ok());
  SimThread& hog = sim.Hog("hog");

  sim.Run(2 * kSec);

  for (SimThread* t : {&a, &b, &c}) {
    EXPECT_EQ(t->entity.stats().deadline_misses, 0u) << t->name;
    EXPECT_EQ(t->harness_misses, 0u) << t->name;
    EXPECT_EQ(t->entity.stats().overruns, 0u) << t->name;
    EXPECT_GT(t->jobs_done, 0u);
  }
  EXPECT_GE(hog.ran_ns, 2 * kSec * 14 / 100);
}

// A real-time thread that never blocks is held to its budget every period (hard CBS); the fair
// threads get the remaining 80% between them.
TEST(SchedSimulation, SpinningRealTimeThreadIsThrottledAndFairThreadsProgress) {
  Sim sim(1);
  SimThread& spinner = sim.Hog("spinner");
  ASSERT_TRUE(MakeRealTime(sim, spinner, 0, 2 * kMs, 10 * kMs).ok());
  SimThread& fair1 = sim.Hog("fair1");
  SimThread& fair2 = sim.Hog("fair2");

  constexpr uint64_t kRun = 1 * kSec;
  sim.Run(kRun);

  // At most its budget per period (and, being first in EDF order, exactly that).
  EXPECT_LE(spinner.ran_ns, kRun / 10 * 2);
  EXPECT_GE(spinner.ran_ns, kRun / 10 * 2 - 2 * kMs);
  EXPECT_GE(spinner.entity.stats().overruns, 99u);
  EXPECT_GE(fair1.ran_ns, (kRun - spinner.ran_ns) / 2 * 98 / 100);
  EXPECT_GE(fair2.ran_ns, (kRun - spinner.ran_ns) / 2 * 98 / 100);
  EXPECT_EQ(fair1.ran_ns + fair2.ran_ns + spinner.ran_ns, kRun);
}

// A real-time thread whose jobs need more than its budget: every job overruns, is throttled
// until its next period, finishes late and counts a miss; the scheduler's counts agree with
// the harness's own, and the fair thread keeps the CPU the reservation does not cover.
TEST(SchedSimulation, OverrunningJobsAreCountedAsOverrunsAndMisses) {
  Sim sim(1);
  SimThread& greedy = sim.Periodic("greedy", 3 * kMs, 20 * kMs);
  ASSERT_TRUE(MakeRealTime(sim, greedy, 0, 2 * kMs, 10 * kMs).ok());
  greedy.deadline_ns = 10 * kMs;  // the server's deadline, not the 20 ms release period
  SimThread& hog = sim.Hog("hog");

  sim.Run(1 * kSec);

  EXPECT_EQ(greedy.jobs_done, 50u);
  EXPECT_EQ(greedy.harness_misses, 50u);
  EXPECT_EQ(greedy.entity.stats().deadline_misses, 50u);
  EXPECT_EQ(greedy.entity.stats().overruns, 50u);
  EXPECT_EQ(greedy.ran_ns, 50 * 3 * kMs);
  EXPECT_EQ(hog.ran_ns, 1 * kSec - greedy.ran_ns);
}

// Weights 1:2 get 1:2 of the CPU within 2% over one second of fake time.
TEST(SchedSimulation, FairWeightsOneToTwoConvergeWithinTwoPercentOverOneSecond) {
  Sim sim(1);
  SimThread& light = sim.Hog("light");
  SimThread& heavy = sim.Hog("heavy");
  ASSERT_TRUE(light.entity.SetWeight(kDefaultWeight).ok());
  ASSERT_TRUE(heavy.entity.SetWeight(2 * kDefaultWeight).ok());

  sim.Run(1 * kSec);

  EXPECT_EQ(light.ran_ns + heavy.ran_ns, 1 * kSec);
  const double share = static_cast<double>(light.ran_ns) / kSec;
  EXPECT_NEAR(share, 1.0 / 3, 0.02 / 3) << "light got " << light.ran_ns << " ns";
  const double ratio = static_cast<double>(heavy.ran_ns) / light.ran_ns;
  EXPECT_NEAR(ratio, 2.0, 0.04);
}

// The same with threads that sleep now and then: a 1:2 pair of hogs next to an interactive
// thread that wakes every 10 ms for 1 ms still splits the rest 1:2, and the interactive
// thread always gets its millisecond.
TEST(SchedSimulation, FairWeightsHoldWithAnInteractiveThreadWaking) {
  Sim sim(1);
  SimThread& light = sim.Hog("light");
  SimThread& heavy = sim.Hog("heavy");
  SimThread& clicky = sim.Periodic("clicky", 1 * kMs, 10 * kMs, 5 * kMs);
  ASSERT_TRUE(heavy.entity.SetWeight(2 * kDefaultWeight).ok());

  sim.Run(1 * kSec);

  EXPECT_GE(clicky.jobs_done, 99u);
  const double ratio = static_cast<double>(heavy.ran_ns) / light.ran_ns;
  EXPECT_NEAR(ratio, 2.0, 0.04);
}

// Admission on a CPU refuses the server that would take it over 90%, with kOutOfRange, and
// the refused thread stays fair and unadmitted.
TEST(SchedSimulation, AdmissionRefusesOverSubscription) {
  Sim sim(2);
  SimThread& a = sim.Periodic("a", 4 * kMs, 10 * kMs);
  SimThread& b = sim.Periodic("b", 4 * kMs, 10 * kMs);
  SimThread& c = sim.Periodic("c", 2 * kMs, 10 * kMs);
  ASSERT_TRUE(MakeRealTime(sim, a, 0, 4 * kMs, 10 * kMs).ok());
  ASSERT_TRUE(MakeRealTime(sim, b, 0, 4 * kMs, 10 * kMs).ok());
  Result<void> refused = MakeRealTime(sim, c, 0, 2 * kMs, 10 * kMs);
  EXPECT_EQ(refused.status(), Status::kOutOfRange);
  EXPECT_EQ(c.entity.sched_class(), SchedClass::kFair);
  EXPECT_EQ(sim.rq(0).admission().used_ppm(), 800'000u);
  // The same server fits on the other CPU.
  EXPECT_TRUE(MakeRealTime(sim, c, 1, 2 * kMs, 10 * kMs).ok());

  sim.Run(1 * kSec);
  for (SimThread* t : {&a, &b, &c}) EXPECT_EQ(t->entity.stats().deadline_misses, 0u) << t->name;
}

// CPU 2 of 3 is isolated. A thread bound to it runs there and only there; unbound threads,
// real-time or fair, sleeping or hogging, never run there.
TEST(SchedSimulation, IsolatedCpuRunsOnlyItsBoundThreads) {
  Sim sim(3);
  ASSERT_TRUE(sim.placement().Isolate(2).ok());
  SimThread& pinned = sim.Periodic("pinned", 2 * kMs, 5 * kMs);
  ASSERT_TRUE(pinned.entity.SetAffinity(CpuSet::Single(2)).ok());
  SimThread& pinned_hog = sim.Hog("pinned_hog", 7 * kMs);
  ASSERT_TRUE(pinned_hog.entity.SetAffinity(CpuSet::Single(2)).ok());
  std::vector<SimThread*> unbound;
  for (int i = 0; i < 4; ++i) {
    unbound.push_back(&sim.Hog("hog" + std::to_string(i), i * kMs));
    unbound.push_back(
        &sim.Periodic("sleepy" + std::to_string(i), (i + 1) * kMs / 2, (3 + i) * kMs, i * kMs / 3));
  }
  // Even an affinity that names the isolated CPU next to others does not reach it.
  SimThread& mixed = sim.Periodic("mixed", 1 * kMs, 4 * kMs);
  ASSERT_TRUE(mixed.entity.SetAffinity(CpuSet::Single(1).With(2)).ok());
  unbound.push_back(&mixed);

  sim.Run(1 * kSec);

  for (SimThread* t : {&pinned, &pinned_hog}) {
    EXPECT_GT(t->ran_ns, 0u) << t->name;
    EXPECT_EQ(t->ran_on.size(), 1u) << t->name;
    EXPECT_EQ(t->ran_on.begin()->first, 2u) << t->name;
  }
  uint64_t on_general = 0;
  for (SimThread* t : unbound) {
    EXPECT_GT(t->ran_ns, 0u) << t->name;
    EXPECT_EQ(t->ran_on.count(2), 0u) << t->name;
    on_general += t->ran_ns;
  }
  EXPECT_EQ(on_general, 2 * kSec);  // the two general CPUs were never idle
  EXPECT_EQ(mixed.ran_on.count(0), 0u);
  // And the run queue refuses an unbound thread on the isolated CPU outright.
  SchedEntity stray;
  EXPECT_EQ(sim.rq(2).Enqueue(stray, sim.now()).status(), Status::kInvalidArgument);
}

}  // namespace
}  // namespace raeen::kernel::sched::sim
