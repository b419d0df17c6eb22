#include "kernel/sched/cpu_placement.h"

#include <gtest/gtest.h>

namespace raeen::kernel::sched {
namespace {

CpuPlacement FourCpus() {
  return CpuPlacement::Create(CpuSet::FirstN(4)).value();
}

TEST(CpuPlacement, NeedsAnOnlineCpu) {
  EXPECT_EQ(CpuPlacement::Create(CpuSet()).status(), Status::kInvalidArgument);
}

TEST(CpuPlacement, UnboundThreadsRunOnlyOnNonIsolatedOnlineCpus) {
  CpuPlacement placement = FourCpus();
  ASSERT_TRUE(placement.Isolate(3).ok());
  EXPECT_EQ(placement.AllowedCpus(CpuSet::All()), CpuSet::FirstN(3));
  EXPECT_FALSE(placement.MayRunOn(CpuSet::All(), 3));
  EXPECT_TRUE(placement.MayRunOn(CpuSet::All(), 0));
  EXPECT_FALSE(placement.MayRunOn(CpuSet::All(), 4));  // not online
}

TEST(CpuPlacement, ThreadBoundToIsolatedCpusRunsOnlyThere) {
  CpuPlacement placement = FourCpus();
  ASSERT_TRUE(placement.Isolate(2).ok());
  ASSERT_TRUE(placement.Isolate(3).ok());
  EXPECT_TRUE(placement.IsBoundToIsolated(CpuSet::Single(3)));
  EXPECT_EQ(placement.AllowedCpus(CpuSet::Single(3)), CpuSet::Single(3));
  EXPECT_EQ(placement.AllowedCpus(CpuSet::Single(2).With(3)), CpuSet::Single(2).With(3));
  EXPECT_FALSE(placement.MayRunOn(CpuSet::Single(3), 0));
}

TEST(CpuPlacement, NamingAnIsolatedCpuNextToOthersDoesNotReachIt) {
  CpuPlacement placement = FourCpus();
  ASSERT_TRUE(placement.Isolate(3).ok());
  EXPECT_FALSE(placement.IsBoundToIsolated(CpuSet::Single(1).With(3)));
  EXPECT_EQ(placement.AllowedCpus(CpuSet::Single(1).With(3)), CpuSet::Single(1));
}

TEST(CpuPlacement, AffinityIsIntersectedWithOnlineCpus) {
  CpuPlacement placement = FourCpus();
  EXPECT_EQ(placement.AllowedCpus(CpuSet::Single(1).With(9)), CpuSet::Single(1));
  EXPECT_TRUE(placement.AllowedCpus(CpuSet::Single(9)).empty());
}

TEST(CpuPlacement, TheLastGeneralCpuCannotBeIsolated) {
  CpuPlacement placement = CpuPlacement::Create(CpuSet::FirstN(2)).value();
  ASSERT_TRUE(placement.Isolate(1).ok());
  EXPECT_TRUE(placement.Isolate(1).ok());  // again: no-op
  EXPECT_EQ(placement.Isolate(0).status(), Status::kBadState);
  EXPECT_EQ(placement.isolated(), CpuSet::Single(1));
  EXPECT_EQ(placement.Isolate(5).status(), Status::kOutOfRange);
  EXPECT_EQ(placement.Unisolate(5).status(), Status::kOutOfRange);
  ASSERT_TRUE(placement.Unisolate(1).ok());
  EXPECT_TRUE(placement.MayRunOn(CpuSet::All(), 1));
}

TEST(CpuPlacement, ChooseCpuTakesTheLeastLoadedAllowedCpu) {
  CpuPlacement placement = FourCpus();
  ASSERT_TRUE(placement.Isolate(3).ok());
  const uint32_t load[] = {3, 1, 1, 0};
  // CPU 3 is idle but isolated; 1 and 2 tie, the lower wins.
  EXPECT_EQ(placement.ChooseCpu(CpuSet::All(), load).value(), 1u);
  EXPECT_EQ(placement.ChooseCpu(CpuSet::Single(3), load).value(), 3u);
  EXPECT_EQ(placement.ChooseCpu(CpuSet::Single(0).With(2), load).value(), 2u);
  EXPECT_EQ(placement.ChooseCpu(CpuSet::Single(9), load).status(), Status::kInvalidArgument);
  // CPUs beyond the load table are unavailable.
  EXPECT_EQ(placement.ChooseCpu(CpuSet::All(), rstd::Span<const uint32_t>(load, 1)).value(), 0u);
}

TEST(CpuPlacement, CpusComeOnlineOneByOne) {
  CpuPlacement placement = CpuPlacement::Create(CpuSet::Single(0)).value();
  EXPECT_FALSE(placement.MayRunOn(CpuSet::All(), 1));
  EXPECT_EQ(placement.Isolate(1).status(), Status::kOutOfRange);
  ASSERT_TRUE(placement.AddOnline(1).ok());
  EXPECT_TRUE(placement.MayRunOn(CpuSet::All(), 1));
  EXPECT_TRUE(placement.Isolate(1).ok());
  EXPECT_EQ(placement.AddOnline(kMaxCpus).status(), Status::kOutOfRange);
}

}  // namespace
}  // namespace raeen::kernel::sched
