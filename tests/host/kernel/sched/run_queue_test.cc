// The RunQueue protocol: class order, tickless next-event times, state checks, accounting.
#include "kernel/sched/run_queue.h"

#include <gtest/gtest.h>

namespace raeen::kernel::sched {
namespace {

constexpr uint64_t kMs = 1'000'000;

struct Fixture {
  CpuPlacement placement = CpuPlacement::Create(CpuSet::FirstN(2)).value();
  RunQueue rq{0, placement};
  RunQueue rq1{1, placement};
};

TEST(RunQueue, IdleIsTicklessAndAccounted) {
  Fixture f;
  Pick pick = f.rq.PickNext(0);
  EXPECT_EQ(pick.entity, nullptr);
  EXPECT_EQ(pick.run_until_ns, kNoDeadline);
  SchedEntity e;
  EXPECT_TRUE(f.rq.Enqueue(e, 5 * kMs).value());
  EXPECT_EQ(f.rq.PickNext(5 * kMs).entity, &e);
  EXPECT_EQ(f.rq.idle_ns(), 5 * kMs);
}

TEST(RunQueue, ALoneFairThreadRunsWithoutATimer) {
  Fixture f;
  SchedEntity a, b;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  Pick pick = f.rq.PickNext(0);
  EXPECT_EQ(pick.entity, &a);
  EXPECT_EQ(pick.run_until_ns, kNoDeadline);
  // A second runnable thread brings the slice timer back.
  ASSERT_TRUE(f.rq.Charge(a, 1 * kMs, 1 * kMs).ok());
  ASSERT_TRUE(f.rq.Enqueue(b, 1 * kMs).ok());
  pick = f.rq.PickNext(1 * kMs);
  EXPECT_EQ(pick.run_until_ns, 1 * kMs + pick.slice_ns);
  EXPECT_EQ(pick.slice_ns, kTargetLatencyNs / 2);
}

TEST(RunQueue, ThrottledServerBoundsTheNextEventOfALoneFairThread) {
  Fixture f;
  SchedEntity rt, fair;
  ASSERT_TRUE(f.rq.MakeRealTime(rt, {2 * kMs, 10 * kMs, 0}).ok());
  ASSERT_TRUE(f.rq.Enqueue(rt, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(fair, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &rt);
  ASSERT_TRUE(f.rq.Charge(rt, 2 * kMs, 2 * kMs).ok());
  Pick pick = f.rq.PickNext(2 * kMs);
  EXPECT_EQ(pick.entity, &fair);
  EXPECT_EQ(pick.run_until_ns, 10 * kMs);  // not kNoDeadline: the server comes back then
  ASSERT_TRUE(f.rq.Charge(fair, 8 * kMs, 10 * kMs).ok());
  EXPECT_EQ(f.rq.PickNext(10 * kMs).entity, &rt);
}

TEST(RunQueue, RealTimeRunsBeforeFair) {
  Fixture f;
  SchedEntity fair, rt;
  ASSERT_TRUE(f.rq.MakeRealTime(rt, {1 * kMs, 10 * kMs, 0}).ok());
  ASSERT_TRUE(f.rq.Enqueue(fair, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(rt, 0).ok());
  EXPECT_EQ(f.rq.PickNext(0).entity, &rt);
  EXPECT_EQ(rt.state(), EntityState::kRunning);
  EXPECT_EQ(fair.state(), EntityState::kQueued);
  EXPECT_EQ(f.rq.runnable_count(), 2u);
}

TEST(RunQueue, StateErrors) {
  Fixture f;
  SchedEntity a, b;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  EXPECT_EQ(f.rq.Enqueue(a, 0).status(), Status::kBadState);
  EXPECT_EQ(f.rq1.Enqueue(a, 0).status(), Status::kBadState);  // on another run queue
  EXPECT_EQ(f.rq1.Dequeue(a, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.rq.Dequeue(b, 0).status(), Status::kInvalidArgument);  // blocked
  EXPECT_EQ(f.rq.Charge(a, 1, 1).status(), Status::kBadState);       // not current
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  EXPECT_TRUE(f.rq.Charge(a, 1, 1).ok());
  EXPECT_EQ(f.rq.MakeRealTime(a, {1 * kMs, 10 * kMs, 0}).status(), Status::kBadState);
}

TEST(RunQueue, AccountingSplitsUserAndKernelTimeAndCountsSwitches) {
  Fixture f;
  SchedEntity a, b;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(b, 0).ok());
  uint64_t now = 0;
  for (int i = 0; i < 10; ++i) {
    Pick pick = f.rq.PickNext(now);
    ASSERT_NE(pick.entity, nullptr);
    ASSERT_TRUE(f.rq.Charge(*pick.entity, 1 * kMs, now + 1 * kMs, ExecMode::kUser).ok());
    ASSERT_TRUE(f.rq.Charge(*pick.entity, 2 * kMs, now + 3 * kMs, ExecMode::kKernel).ok());
    now += 3 * kMs;
  }
  // 3 ms slices each: they alternate every pick.
  EXPECT_EQ(a.stats().switches, 5u);
  EXPECT_EQ(b.stats().switches, 5u);
  EXPECT_EQ(a.stats().user_ns, 5 * kMs);
  EXPECT_EQ(a.stats().kernel_ns, 10 * kMs);
  EXPECT_EQ(f.rq.switches(), 10u);
  // Picking the same thread again is not a switch.
  SchedEntity* cur = f.rq.current();
  ASSERT_TRUE(f.rq.Dequeue(cur == &a ? b : a, now).ok());
  const uint64_t before = cur->stats().switches;
  f.rq.PickNext(now);
  f.rq.PickNext(now);
  EXPECT_EQ(cur->stats().switches, before);
}

TEST(RunQueue, RefusedAdmissionChangesNothing) {
  Fixture f;
  SchedEntity a, b;
  ASSERT_TRUE(f.rq.MakeRealTime(a, {8 * kMs, 10 * kMs, 0}).ok());
  EXPECT_EQ(f.rq.MakeRealTime(b, {2 * kMs, 10 * kMs, 0}).status(), Status::kOutOfRange);
  EXPECT_EQ(b.sched_class(), SchedClass::kFair);
  EXPECT_EQ(b.rt_home(), nullptr);
  EXPECT_EQ(f.rq.admission().used_ppm(), 800'000u);
  // A bigger server for `a` is refused too, and `a` keeps its old one.
  EXPECT_EQ(f.rq.MakeRealTime(a, {10 * kMs, 10 * kMs, 0}).status(), Status::kOutOfRange);
  EXPECT_EQ(a.rt_params().budget_ns, 8 * kMs);
  EXPECT_EQ(f.rq.admission().used_ppm(), 800'000u);
  // A smaller one replaces it.
  ASSERT_TRUE(f.rq.MakeRealTime(a, {1 * kMs, 10 * kMs, 0}).ok());
  EXPECT_EQ(f.rq.admission().used_ppm(), 100'000u);
  EXPECT_EQ(f.rq.MakeRealTime(b, {0, 10 * kMs, 0}).status(), Status::kInvalidArgument);
}

TEST(RunQueue, RealTimeEntityRunsOnlyWhereItWasAdmitted) {
  Fixture f;
  SchedEntity e;
  ASSERT_TRUE(f.rq.MakeRealTime(e, {1 * kMs, 10 * kMs, 0}).ok());
  EXPECT_EQ(f.rq1.Enqueue(e, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.rq1.MakeRealTime(e, {1 * kMs, 10 * kMs, 0}).status(), Status::kBadState);
  EXPECT_EQ(f.rq1.MakeFair(e).status(), Status::kBadState);
  ASSERT_TRUE(f.rq.MakeFair(e).ok());
  EXPECT_EQ(f.rq.admission().used_ppm(), 0u);
  EXPECT_TRUE(f.rq1.Enqueue(e, 0).ok());
}

TEST(RunQueue, IsolationIsEnforcedAtEnqueue) {
  Fixture f;
  ASSERT_TRUE(f.placement.Isolate(1).ok());
  SchedEntity unbound, bound;
  ASSERT_TRUE(bound.SetAffinity(CpuSet::Single(1)).ok());
  EXPECT_EQ(f.rq1.Enqueue(unbound, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.rq.Enqueue(bound, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.rq.MakeRealTime(bound, {1 * kMs, 10 * kMs, 0}).status(), Status::kInvalidArgument);
  EXPECT_TRUE(f.rq1.MakeRealTime(bound, {1 * kMs, 10 * kMs, 0}).ok());
  EXPECT_TRUE(f.rq1.Enqueue(bound, 0).ok());
  EXPECT_TRUE(f.rq.Enqueue(unbound, 0).ok());
}

TEST(RunQueue, YieldLetsEveryOtherFairEntityRunFirst) {
  Fixture f;
  SchedEntity a, b, c;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(b, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(c, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  // `a` ran only briefly, so by vruntime it would be picked again; yielding sends it back.
  ASSERT_TRUE(f.rq.Charge(a, 1000, 1000).ok());
  f.rq.YieldCurrent();
  EXPECT_EQ(f.rq.PickNext(1000).entity, &b);
  ASSERT_TRUE(f.rq.Charge(b, 1000, 2000).ok());
  f.rq.YieldCurrent();
  EXPECT_EQ(f.rq.PickNext(2000).entity, &c);
  ASSERT_TRUE(f.rq.Charge(c, 1000, 3000).ok());
  f.rq.YieldCurrent();
  EXPECT_EQ(f.rq.PickNext(3000).entity, &a);
}

TEST(RunQueue, YieldAloneKeepsRunning) {
  Fixture f;
  SchedEntity a;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  f.rq.YieldCurrent();
  EXPECT_EQ(f.rq.PickNext(10).entity, &a);
}

bool AllowedOnCpu1(const SchedEntity& entity, const void* context) {
  const auto* placement = static_cast<const CpuPlacement*>(context);
  return placement->MayRunOn(entity.affinity(), 1);
}

TEST(RunQueue, TakeQueuedFairTakesTheLeastEntitledAllowedEntity) {
  Fixture f;
  SchedEntity running, pinned, movable_early, movable_late;
  ASSERT_TRUE(pinned.SetAffinity(CpuSet::Single(0)).ok());
  ASSERT_TRUE(f.rq.Enqueue(running, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &running);
  ASSERT_TRUE(f.rq.Enqueue(movable_early, 0).ok());
  ASSERT_TRUE(f.rq.Charge(running, 2 * kMs, 2 * kMs).ok());
  ASSERT_TRUE(f.rq.Enqueue(movable_late, 2 * kMs).ok());
  ASSERT_TRUE(f.rq.Charge(running, 2 * kMs, 4 * kMs).ok());
  ASSERT_TRUE(f.rq.Enqueue(pinned, 4 * kMs).ok());
  // The running entity is never taken; the pinned one is refused by the filter; of the two
  // movable ones, the one with more vruntime goes (it has waited the least for its turn).
  SchedEntity* taken = f.rq.TakeQueuedFair(&AllowedOnCpu1, &f.placement, 4 * kMs);
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->state(), EntityState::kBlocked);
  EXPECT_EQ(taken->run_queue(), nullptr);
  EXPECT_TRUE(f.rq1.Enqueue(*taken, 4 * kMs).ok());
  SchedEntity* second = f.rq.TakeQueuedFair(&AllowedOnCpu1, &f.placement, 4 * kMs);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, taken);
  EXPECT_NE(second, &pinned);
  EXPECT_EQ(f.rq.TakeQueuedFair(&AllowedOnCpu1, &f.placement, 4 * kMs), nullptr);
  EXPECT_EQ(f.rq.runnable_count(), 2u);  // running + pinned
}

// The IPC hand-off: a caller wakes the server and blocks; the server runs next although
// another fair thread was queued first.
TEST(RunQueue, PreferredFairEntityRunsNextAheadOfTheFirst) {
  Fixture f;
  SchedEntity caller, other, server;
  ASSERT_TRUE(f.rq.Enqueue(caller, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(other, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &caller);
  ASSERT_TRUE(f.rq.Enqueue(server, 0).ok());
  f.rq.PreferNext(server);
  ASSERT_TRUE(f.rq.Charge(caller, 10'000, 10'000).ok());
  ASSERT_TRUE(f.rq.Dequeue(caller, 10'000).ok());
  EXPECT_EQ(f.rq.PickNext(10'000).entity, &server);
  EXPECT_EQ(other.state(), EntityState::kQueued);
  // The hint was used up: the next pick is by vruntime again.
  ASSERT_TRUE(f.rq.Charge(server, 10'000, 20'000).ok());
  EXPECT_EQ(f.rq.PickNext(20'000).entity, &other);
}

TEST(RunQueue, PreferenceBeyondTheWakeupGranularityIsIgnored) {
  Fixture f;
  SchedEntity a, b, late;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(late, 0).ok());
  ASSERT_EQ(f.rq.PickNext(0).entity, &a);
  ASSERT_TRUE(f.rq.Charge(a, 1 * kMs, 1 * kMs).ok());
  ASSERT_EQ(f.rq.PickNext(1 * kMs).entity, &late);
  ASSERT_TRUE(f.rq.Charge(late, 4 * kMs, 5 * kMs).ok());
  ASSERT_EQ(f.rq.PickNext(5 * kMs).entity, &a);  // vruntime 1 ms against 4 ms
  ASSERT_TRUE(f.rq.Enqueue(b, 5 * kMs).ok());    // joins near a's vruntime
  f.rq.PreferNext(late);
  ASSERT_TRUE(f.rq.Dequeue(a, 5 * kMs).ok());
  EXPECT_EQ(f.rq.PickNext(5 * kMs).entity, &b);  // `late` is 3 ms of vruntime behind b
}

TEST(RunQueue, RealTimeRunsBeforeAPreferredFairEntity) {
  Fixture f;
  SchedEntity server, rt;
  ASSERT_TRUE(f.rq.MakeRealTime(rt, {1 * kMs, 10 * kMs, 0}).ok());
  ASSERT_TRUE(f.rq.Enqueue(server, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(rt, 0).ok());
  f.rq.PreferNext(server);
  EXPECT_EQ(f.rq.PickNext(0).entity, &rt);
}

TEST(RunQueue, APreferenceEndsWhenTheEntityLeaves) {
  Fixture f;
  SchedEntity a, server;
  ASSERT_TRUE(f.rq.Enqueue(a, 0).ok());
  ASSERT_TRUE(f.rq.Enqueue(server, 0).ok());
  f.rq.PreferNext(server);
  ASSERT_TRUE(f.rq.Dequeue(server, 0).ok());  // pulled to another CPU, say
  EXPECT_EQ(f.rq.PickNext(0).entity, &a);
  ASSERT_TRUE(f.rq.Enqueue(server, 0).ok());
  f.rq1.PreferNext(server);  // not queued there: ignored
  SchedEntity blocked;
  f.rq.PreferNext(blocked);  // not queued at all: ignored
  ASSERT_TRUE(f.rq.Charge(a, 1 * kMs, 1 * kMs).ok());
  EXPECT_EQ(f.rq.PickNext(1 * kMs).entity, &server);
}

}  // namespace
}  // namespace raeen::kernel::sched
