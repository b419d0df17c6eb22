// EDF and CBS rules, driven through the RunQueue interface with a fake clock (explicit times).
#include "kernel/sched/rt_class.h"

#include <gtest/gtest.h>

#include "kernel/sched/run_queue.h"

namespace raeen::kernel::sched {
namespace {

constexpr uint64_t kMs = 1'000'000;

struct Fixture {
  CpuPlacement placement = CpuPlacement::Create(CpuSet::FirstN(1)).value();
  RunQueue rq{0, placement, 1'000'000};

  void MakeRt(SchedEntity& e, uint64_t budget, uint64_t period, uint64_t deadline = 0) {
    ASSERT_TRUE(rq.MakeRealTime(e, RtParams{budget, period, deadline}).ok());
  }
  bool Wake(SchedEntity& e, uint64_t now) { return rq.Enqueue(e, now).value(); }
  // Runs the current entity from `from` to `to`, charging it.
  void Run(SchedEntity& e, uint64_t from, uint64_t to) {
    ASSERT_EQ(rq.current(), &e);
    ASSERT_TRUE(rq.Charge(e, to - from, to).ok());
  }
};

TEST(RtClass, EarliestDeadlineRunsFirst) {
  Fixture f;
  SchedEntity a, b, c;
  f.MakeRt(a, 1 * kMs, 10 * kMs);
  f.MakeRt(b, 1 * kMs, 5 * kMs);
  f.MakeRt(c, 1 * kMs, 20 * kMs);
  f.Wake(a, 0);
  f.Wake(b, 0);
  f.Wake(c, 0);
  uint64_t t = 0;
  for (SchedEntity* expected : {&b, &a, &c}) {
    Pick pick = f.rq.PickNext(t);
    ASSERT_EQ(pick.entity, expected);
    EXPECT_EQ(pick.slice_ns, 1 * kMs);
    EXPECT_EQ(pick.run_until_ns, t + 1 * kMs);
    f.Run(*expected, t, t + kMs / 2);
    t += kMs / 2;
    ASSERT_TRUE(f.rq.Dequeue(*expected, t).ok());
  }
  EXPECT_EQ(f.rq.PickNext(t).entity, nullptr);
}

TEST(RtClass, EqualDeadlinesRunInWakeOrder) {
  Fixture f;
  SchedEntity a, b;
  f.MakeRt(a, 1 * kMs, 10 * kMs);
  f.MakeRt(b, 1 * kMs, 10 * kMs);
  f.Wake(b, 0);
  f.Wake(a, 0);
  EXPECT_EQ(f.rq.PickNext(0).entity, &b);
}

TEST(RtClass, EarlierDeadlinePreemptsOnWakeLaterDoesNot) {
  Fixture f;
  SchedEntity a, b, c;
  f.MakeRt(a, 1 * kMs, 10 * kMs);
  f.MakeRt(b, 1 * kMs, 5 * kMs);
  f.MakeRt(c, 1 * kMs, 50 * kMs);
  EXPECT_TRUE(f.Wake(a, 0));  // idle CPU
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  EXPECT_FALSE(f.Wake(c, 1 * kMs));  // deadline 51 ms > 10 ms
  EXPECT_TRUE(f.Wake(b, 1 * kMs));   // deadline 6 ms < 10 ms
  EXPECT_EQ(f.rq.PickNext(1 * kMs).entity, &b);
}

TEST(RtClass, BudgetExhaustionThrottlesUntilTheNextPeriod) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  EXPECT_EQ(e.rt_deadline_ns(), 10 * kMs);
  Pick pick = f.rq.PickNext(0);
  ASSERT_EQ(pick.entity, &e);
  EXPECT_EQ(pick.run_until_ns, 2 * kMs);
  f.Run(e, 0, 2 * kMs);
  // Still runnable with no budget: throttled, the CPU idles, and the timer is wanted at the
  // replenishment.
  pick = f.rq.PickNext(2 * kMs);
  EXPECT_EQ(pick.entity, nullptr);
  EXPECT_EQ(pick.run_until_ns, 10 * kMs);
  EXPECT_EQ(e.state(), EntityState::kThrottled);
  EXPECT_EQ(e.stats().overruns, 1u);
  EXPECT_EQ(f.rq.PickNext(9 * kMs).entity, nullptr);
  // Replenished: a full budget and the deadline postponed by a period.
  pick = f.rq.PickNext(10 * kMs);
  ASSERT_EQ(pick.entity, &e);
  EXPECT_EQ(e.rt_deadline_ns(), 20 * kMs);
  EXPECT_EQ(e.rt_remaining_ns(), static_cast<int64_t>(2 * kMs));
  EXPECT_EQ(pick.run_until_ns, 12 * kMs);
  EXPECT_EQ(e.stats().rt_budget_used_ns, 2 * kMs);
}

TEST(RtClass, OvershootIsPaidFromTheNextBudget) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 3 * kMs);  // the timer fired a millisecond late
  EXPECT_EQ(f.rq.PickNext(3 * kMs).entity, nullptr);
  Pick pick = f.rq.PickNext(10 * kMs);
  ASSERT_EQ(pick.entity, &e);
  EXPECT_EQ(pick.slice_ns, 1 * kMs);
  EXPECT_EQ(e.rt_deadline_ns(), 20 * kMs);
}

TEST(RtClass, ExhaustionAfterThePeriodStartReplenishesAtOnce) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 25 * kMs);  // hopelessly late: 23 ms over, but the debt is capped at 2 ms
  EXPECT_EQ(e.rt_remaining_ns(), -static_cast<int64_t>(2 * kMs));
  EXPECT_EQ(e.stats().rt_forgiven_ns, 21 * kMs);  // 23 ms over, 2 ms of it repaid
  Pick pick = f.rq.PickNext(25 * kMs);
  // Replenishment at 10 ms is past: budgets are added, the deadline moving a period each,
  // until the debt is paid (q = -2 + 2 * 2 = 2 ms, d = 10 + 2 * 10 ms).
  ASSERT_EQ(pick.entity, &e);
  EXPECT_EQ(e.rt_remaining_ns(), static_cast<int64_t>(2 * kMs));
  EXPECT_EQ(e.rt_deadline_ns(), 30 * kMs);
}

TEST(RtClass, WakeUpKeepsDeadlineWhenRemainingBudgetFitsTheBandwidth) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 1 * kMs);
  ASSERT_TRUE(f.rq.Dequeue(e, 1 * kMs).ok());
  // At 2 ms: q / (d - t) = 1/8 <= Q / D = 2/10, so the server keeps (q, d).
  f.Wake(e, 2 * kMs);
  EXPECT_EQ(e.rt_deadline_ns(), 10 * kMs);
  EXPECT_EQ(e.rt_remaining_ns(), static_cast<int64_t>(1 * kMs));
  EXPECT_EQ(e.rt_job_deadline_ns(), 12 * kMs);
}

TEST(RtClass, WakeUpPostponesDeadlineWhenRemainingBudgetWouldExceedTheBandwidth) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, kMs / 2);
  ASSERT_TRUE(f.rq.Dequeue(e, kMs / 2).ok());
  // At 8 ms: q / (d - t) = 1.5/2 > 2/10: using the old deadline would take more than the
  // reserved bandwidth, so a fresh deadline t + D and a full budget.
  f.Wake(e, 8 * kMs);
  EXPECT_EQ(e.rt_deadline_ns(), 18 * kMs);
  EXPECT_EQ(e.rt_remaining_ns(), static_cast<int64_t>(2 * kMs));
}

TEST(RtClass, WakeUpAfterTheDeadlineStartsAfresh) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 1 * kMs);
  ASSERT_TRUE(f.rq.Dequeue(e, 1 * kMs).ok());
  f.Wake(e, 15 * kMs);
  EXPECT_EQ(e.rt_deadline_ns(), 25 * kMs);
  EXPECT_EQ(e.rt_remaining_ns(), static_cast<int64_t>(2 * kMs));
}

TEST(RtClass, BlockedWhileThrottledStaysThrottledUntilReplenishment) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 2 * kMs);
  ASSERT_TRUE(f.rq.Dequeue(e, 2 * kMs).ok());  // finished exactly as the budget ran out
  EXPECT_EQ(e.stats().overruns, 0u);
  // Waking again at 5 ms must not buy a fresh budget (hard CBS): throttled until 10 ms.
  EXPECT_FALSE(f.Wake(e, 5 * kMs));
  EXPECT_EQ(e.state(), EntityState::kThrottled);
  Pick pick = f.rq.PickNext(5 * kMs);
  EXPECT_EQ(pick.entity, nullptr);
  EXPECT_EQ(pick.run_until_ns, 10 * kMs);
  pick = f.rq.PickNext(10 * kMs);
  EXPECT_EQ(pick.entity, &e);
  EXPECT_EQ(e.rt_deadline_ns(), 20 * kMs);
  EXPECT_EQ(e.stats().throttles, 1u);
}

TEST(RtClass, JobFinishedByItsDeadlineIsNoMiss) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  f.Run(e, 0, 1 * kMs);
  ASSERT_TRUE(f.rq.Dequeue(e, 10 * kMs).ok());  // exactly at the deadline is in time
  EXPECT_EQ(e.stats().deadline_misses, 0u);
}

TEST(RtClass, LateJobCountsOneMissWhetherSeenRunningOrFinishing) {
  Fixture f;
  SchedEntity e;
  f.MakeRt(e, 2 * kMs, 10 * kMs);
  f.Wake(e, 0);
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  // Charged past its deadline: one miss, and only one for the job.
  f.Run(e, 0, 11 * kMs);
  EXPECT_EQ(e.stats().deadline_misses, 1u);
  ASSERT_TRUE(f.rq.Dequeue(e, 11 * kMs).ok());
  EXPECT_EQ(e.stats().deadline_misses, 1u);
  // Next job, released at 20 ms (deadline 30 ms), finishes at 31 ms without having been
  // charged late: counted when it finishes.
  f.Wake(e, 20 * kMs);
  ASSERT_EQ(f.rq.PickNext(20 * kMs).entity, &e);
  f.Run(e, 20 * kMs, 21 * kMs);
  ASSERT_TRUE(f.rq.Dequeue(e, 31 * kMs).ok());
  EXPECT_EQ(e.stats().deadline_misses, 2u);
}

TEST(RtClass, RealTimeBeatsFairAndFairNeverPreemptsRealTime) {
  Fixture f;
  SchedEntity rt, fair;
  f.MakeRt(rt, 2 * kMs, 10 * kMs);
  EXPECT_TRUE(f.Wake(fair, 0));
  ASSERT_EQ(f.rq.PickNext(0).entity, &fair);
  EXPECT_TRUE(f.Wake(rt, 1 * kMs));
  f.Run(fair, 0, 1 * kMs);
  ASSERT_EQ(f.rq.PickNext(1 * kMs).entity, &rt);
  ASSERT_TRUE(f.rq.Dequeue(fair, 1 * kMs).ok());
  EXPECT_FALSE(f.Wake(fair, 2 * kMs));
}

}  // namespace
}  // namespace raeen::kernel::sched
