#include "kernel/sched/admission.h"

#include <gtest/gtest.h>

namespace raeen::kernel::sched {
namespace {

constexpr uint64_t kMs = 1'000'000;

TEST(Admission, AdmitsUpToTheDefaultNinetyPercentBound) {
  Admission admission;
  EXPECT_EQ(admission.bound_ppm(), 900'000u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(admission.Admit({3 * kMs, 10 * kMs, 0}).ok());
  EXPECT_EQ(admission.used_ppm(), 900'000u);
  EXPECT_EQ(admission.free_ppm(), 0u);
}

TEST(Admission, RefusesOverSubscriptionWithOutOfRangeAndChangesNothing) {
  Admission admission;
  ASSERT_TRUE(admission.Admit({8 * kMs, 10 * kMs, 0}).ok());
  Result<void> refused = admission.Admit({2 * kMs, 10 * kMs, 0});
  EXPECT_EQ(refused.status(), Status::kOutOfRange);
  EXPECT_EQ(admission.used_ppm(), 800'000u);
  // Exactly what is left still fits.
  EXPECT_TRUE(admission.Admit({1 * kMs, 10 * kMs, 0}).ok());
  EXPECT_EQ(admission.Admit({10'000, 10 * kMs, 0}).status(), Status::kOutOfRange);
}

TEST(Admission, ReleaseMakesRoomAgain) {
  Admission admission;
  const RtParams big{9 * kMs, 10 * kMs, 0};
  ASSERT_TRUE(admission.Admit(big).ok());
  EXPECT_EQ(admission.Admit({1 * kMs, 100 * kMs, 0}).status(), Status::kOutOfRange);
  admission.Release(big);
  EXPECT_EQ(admission.used_ppm(), 0u);
  EXPECT_TRUE(admission.Admit({1 * kMs, 100 * kMs, 0}).ok());
  // Releasing too much saturates instead of wrapping.
  admission.Release(big);
  EXPECT_EQ(admission.used_ppm(), 0u);
}

// Each density is rounded up, so three thirds of a CPU do not fit in a 100% bound: rounding
// can refuse a borderline set but never admit an overload.
TEST(Admission, RoundingNeverAdmitsAnOverload) {
  Admission admission(1'000'000);
  const RtParams third{10'000, 30'000, 0};
  EXPECT_EQ(DensityPpm(third), 333'334u);
  EXPECT_TRUE(admission.Admit(third).ok());
  EXPECT_TRUE(admission.Admit(third).ok());
  EXPECT_EQ(admission.Admit(third).status(), Status::kOutOfRange);
}

TEST(Admission, ConstrainedDeadlineCountsDensity) {
  // 2 ms every 10 ms, but due within 4 ms of release: half the CPU for the EDF test.
  EXPECT_EQ(DensityPpm({2 * kMs, 10 * kMs, 4 * kMs}), 500'000u);
  EXPECT_EQ(DensityPpm({2 * kMs, 10 * kMs, 0}), 200'000u);
  Admission admission;
  ASSERT_TRUE(admission.Admit({2 * kMs, 10 * kMs, 4 * kMs}).ok());
  EXPECT_EQ(admission.Admit({5 * kMs, 10 * kMs, 0}).status(), Status::kOutOfRange);
}

TEST(Admission, MalformedParametersAreInvalidArgument) {
  Admission admission(1'000'000);
  const RtParams bad[] = {
      {0, 10 * kMs, 0},                 // no budget
      {kMinBudgetNs - 1, 10 * kMs, 0},  // budget below the minimum
      {11 * kMs, 10 * kMs, 0},          // budget above the period
      {2 * kMs, 10 * kMs, 1 * kMs},     // budget above the deadline
      {2 * kMs, 10 * kMs, 11 * kMs},    // deadline after the period
      {2 * kMs, kMaxPeriodNs + 1, 0},   // period too long
      {0, 0, 0},
  };
  for (const RtParams& p : bad) {
    EXPECT_EQ(admission.Admit(p).status(), Status::kInvalidArgument)
        << p.budget_ns << "/" << p.period_ns << "/" << p.deadline_ns;
  }
  EXPECT_EQ(admission.used_ppm(), 0u);
}

TEST(Admission, LargestValuesDoNotOverflow) {
  Admission admission(1'000'000);
  const RtParams whole{kMaxPeriodNs, kMaxPeriodNs, 0};
  EXPECT_EQ(DensityPpm(whole), 1'000'000u);
  const RtParams sliver{kMinBudgetNs, kMaxPeriodNs, 0};
  EXPECT_EQ(DensityPpm(sliver), 1u);  // 10 us in 10 s is 1 ppm, rounded up
  EXPECT_TRUE(admission.Admit(whole).ok());
  EXPECT_EQ(admission.Admit(sliver).status(), Status::kOutOfRange);
}

TEST(Admission, BoundIsClampedToTheWholeCpu) {
  Admission admission(2'000'000);
  EXPECT_EQ(admission.bound_ppm(), 1'000'000u);
}

}  // namespace
}  // namespace raeen::kernel::sched
