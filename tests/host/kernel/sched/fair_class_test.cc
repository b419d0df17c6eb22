// Virtual-runtime fair sharing, driven through the RunQueue interface with a fake clock.
#include "kernel/sched/fair_class.h"

#include <gtest/gtest.h>

#include "kernel/sched/run_queue.h"

namespace raeen::kernel::sched {
namespace {

constexpr uint64_t kMs = 1'000'000;

struct Fixture {
  CpuPlacement placement = CpuPlacement::Create(CpuSet::FirstN(1)).value();
  RunQueue rq{0, placement};
  uint64_t now = 0;

  // Runs whatever PickNext chooses for its whole slice (or `cap`), and returns it.
  SchedEntity* Step(uint64_t cap = kNoDeadline) {
    Pick pick = rq.PickNext(now);
    if (pick.entity == nullptr) return nullptr;
    uint64_t until = pick.run_until_ns;
    if (cap != kNoDeadline && now + cap < until) until = now + cap;
    EXPECT_TRUE(rq.Charge(*pick.entity, until - now, until).ok());
    now = until;
    return pick.entity;
  }
};

TEST(FairClass, SliceIsTheWeightShareOfTheTargetLatencyWithAFloor) {
  Fixture f;
  SchedEntity a, b, c;
  ASSERT_TRUE(b.SetWeight(2 * kDefaultWeight).ok());
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(b, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(c, 0).ok());
  // Weights 1:2:1 of 6 ms.
  EXPECT_EQ(f.rq.fair().Slice(a), kTargetLatencyNs / 4);
  EXPECT_EQ(f.rq.fair().Slice(b), kTargetLatencyNs / 2);
  SchedEntity many[20];
  for (SchedEntity& e : many) ASSERT_TRUE(f.rq.Enqueue(e, 0).ok());
  EXPECT_EQ(f.rq.fair().Slice(a), kMinGranularityNs);
}

TEST(FairClass, LeastVirtualRuntimeRunsNextAndWeightsAgeDifferently) {
  Fixture f;
  SchedEntity light, heavy;
  ASSERT_TRUE(heavy.SetWeight(2 * kDefaultWeight).ok());
  ASSERT_TRUE(f.rq.Enqueue(light, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(heavy, 0).ok());
  // Equal start: first come first served, each charged 2 ms.
  EXPECT_EQ(f.Step(2 * kMs), &light);
  EXPECT_EQ(light.vruntime() - f.rq.fair().min_vruntime(), 2 * kMs);
  EXPECT_EQ(f.Step(2 * kMs), &heavy);
  // The heavy one aged half as much, so it runs again.
  EXPECT_EQ(f.Step(2 * kMs), &heavy);
  EXPECT_EQ(light.vruntime(), heavy.vruntime());
  EXPECT_EQ(heavy.stats().user_ns, 4 * kMs);
}

TEST(FairClass, OddWeightsDoNotDrift) {
  Fixture f;
  SchedEntity e;
  ASSERT_TRUE(e.SetWeight(3).ok());
  ASSERT_TRUE(f.rq.Enqueue(e, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &e);
  const uint64_t start = e.vruntime();
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(f.rq.Charge(e, 1, i + 1).ok());
  // 3000 ns at weight 3 is exactly 1024000 ns of virtual time, with the remainders carried.
  EXPECT_EQ(e.vruntime() - start, 1'024'000u);
}

TEST(FairClass, SleeperCreditIsBounded) {
  Fixture f;
  SchedEntity sleeper, hog;
  ASSERT_TRUE(f.rq.Enqueue(hog, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(sleeper, 0).ok());
  EXPECT_EQ(f.Step(1 * kMs), &hog);
  EXPECT_EQ(f.Step(kMs / 2), &sleeper);  // behind the hog when it blocks: no debt
  ASSERT_TRUE(f.rq.Dequeue(sleeper, f.now).ok());
  for (int i = 0; i < 100; ++i) f.Step(kTargetLatencyNs);  // the hog runs alone for 600 ms
  // Waking after a long sleep: kSleeperCreditNs behind the hog, not 600 ms, and it preempts.
  EXPECT_TRUE(f.rq.Enqueue(sleeper, f.now).value());
  EXPECT_EQ(f.rq.fair().min_vruntime() - sleeper.vruntime(), kSleeperCreditNs);
  EXPECT_EQ(hog.vruntime(), f.rq.fair().min_vruntime());
  // It gets about its credit and then shares again.
  EXPECT_EQ(f.Step(), &sleeper);
  EXPECT_LE(sleeper.vruntime(), hog.vruntime() + kTargetLatencyNs);
}

TEST(FairClass, RunningAheadIsNotForgivenByBlocking) {
  Fixture f;
  SchedEntity runner, other;
  ASSERT_TRUE(f.rq.Enqueue(runner, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(other, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &runner);
  ASSERT_TRUE(f.rq.Charge(runner, 2 * kMs, 2 * kMs).ok());
  ASSERT_TRUE(f.rq.Dequeue(runner, 2 * kMs).ok());
  ASSERT_TRUE(f.rq.Enqueue(runner, 2 * kMs).ok());
  // Its 2 ms of lead over the waiting thread is kept: the other one runs first.
  EXPECT_EQ(runner.vruntime() - f.rq.fair().min_vruntime(), 2 * kMs);
  EXPECT_EQ(f.rq.PickNext(2 * kMs).entity, &other);
}

TEST(FairClass, WakeUpPreemptsOnlyBeyondTheWakeupGranularity) {
  Fixture f;
  SchedEntity a, b, first, second;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(b, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  // `a` is half the granularity ahead of the queue (b): a new thread joining level with the
  // queue does not preempt it...
  ASSERT_TRUE(f.rq.Charge(a, kWakeupGranularityNs / 2, kWakeupGranularityNs / 2).ok());
  EXPECT_FALSE(f.rq.Enqueue(first, kWakeupGranularityNs / 2).value());
  // ...but once `a` is more than the granularity ahead, one does.
  ASSERT_TRUE(f.rq.Charge(a, 2 * kWakeupGranularityNs, 3 * kWakeupGranularityNs).ok());
  EXPECT_TRUE(f.rq.Enqueue(second, 3 * kWakeupGranularityNs).value());
}

TEST(FairClass, WeightsMustBeInRangeAndSetWhileBlocked) {
  Fixture f;
  SchedEntity e;
  EXPECT_EQ(e.SetWeight(0).status(), Status::kInvalidArgument);
  EXPECT_EQ(e.SetWeight(kMaxWeight + 1).status(), Status::kInvalidArgument);
  ASSERT_TRUE(f.rq.Enqueue(e, 0).ok());
  EXPECT_EQ(e.SetWeight(2 * kDefaultWeight).status(), Status::kBadState);
  EXPECT_EQ(e.SetAffinity(CpuSet::Single(0)).status(), Status::kBadState);
}

}  // namespace
}  // namespace raeen::kernel::sched
