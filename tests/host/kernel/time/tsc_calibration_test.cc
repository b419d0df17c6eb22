#include "kernel/time/tsc_calibration.h"

#include <gtest/gtest.h>

namespace raeen::kernel {
namespace {

constexpr uint64_t kPitHz = 1'193'182;
constexpr uint64_t kPmTimerHz = 3'579'545;

TEST(TscCalibration, MedianOfSamples) {
  // 10 ms of PIT ticks (11931) against TSCs of 2.6 GHz, one outlier slowed by a preemption.
  const CalibrationSample samples[] = {
      {1000, 1000 + 26'000'000, 0, 10'000},
      {5000, 5000 + 26'010'000, 0, 10'000},
      {9000, 9000 + 39'000'000, 0, 10'000},  // outlier
      {0, 25'990'000, 0, 10'000},
      {7, 7 + 26'000'000, 0, 10'000},
  };
  Result<CalibrationResult> result = CalibrateTsc(samples, 64, kPitHz);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->tsc_hz, 26'000'000ull * kPitHz / 10'000);
  EXPECT_GT(result->spread_ppm, 400'000u);  // the outlier shows in the spread
}

TEST(TscCalibration, HandlesA24BitCounterWrap) {
  // A 24-bit PM timer passing 0xffffff -> 0x000100 during the wait.
  const uint64_t ticks = (0x1000000 - 0xfff000) + 0x100;
  const CalibrationSample sample = {0, ticks * 1000, 0xfff000, 0x100};
  Result<CalibrationResult> result = CalibrateTsc({&sample, 1}, 24, kPmTimerHz);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->tsc_hz, kPmTimerHz * 1000);
  EXPECT_EQ(result->spread_ppm, 0u);
}

TEST(TscCalibration, RejectsBrokenInput) {
  const CalibrationSample good = {0, 26'000'000, 0, 10'000};
  EXPECT_EQ(CalibrateTsc({}, 64, kPitHz).status(), Status::kInvalidArgument);
  EXPECT_EQ(CalibrateTsc({&good, 1}, 0, kPitHz).status(), Status::kInvalidArgument);
  EXPECT_EQ(CalibrateTsc({&good, 1}, 65, kPitHz).status(), Status::kInvalidArgument);
  EXPECT_EQ(CalibrateTsc({&good, 1}, 64, 0).status(), Status::kInvalidArgument);
  const CalibrationSample no_reference_time = {0, 26'000'000, 5, 5};
  EXPECT_EQ(CalibrateTsc({&no_reference_time, 1}, 64, kPitHz).status(), Status::kInvalidArgument);
  const CalibrationSample backwards_tsc = {100, 50, 0, 10'000};
  EXPECT_EQ(CalibrateTsc({&backwards_tsc, 1}, 64, kPitHz).status(), Status::kInvalidArgument);
  // A reference that barely moved implies a TSC far beyond 10 GHz: a broken reference.
  const CalibrationSample absurd = {0, 26'000'000, 0, 1};
  EXPECT_EQ(CalibrateTsc({&absurd, 1}, 64, kPitHz).status(), Status::kInvalidArgument);
  const CalibrationSample overflowing = {0, ~0ull, 0, 10'000};
  EXPECT_EQ(CalibrateTsc({&overflowing, 1}, 64, kPitHz).status(), Status::kInvalidArgument);
  CalibrationSample too_many[17];
  for (auto& s : too_many) s = good;
  EXPECT_EQ(CalibrateTsc(too_many, 64, kPitHz).status(), Status::kInvalidArgument);
}

}  // namespace
}  // namespace raeen::kernel

namespace raeen::kernel {
namespace {

TEST(TscCalibration, PrecisionIsUncertaintyRelativeToLength) {
  CalibrationSample sample = {0, 26'000'000, 0, 10'000, 0};
  EXPECT_TRUE(IsPrecise(sample, 1000));
  sample.tsc_uncertainty = 26'000;  // exactly 1000 ppm
  EXPECT_TRUE(IsPrecise(sample, 1000));
  sample.tsc_uncertainty = 30'000;  // a preempted port read
  EXPECT_FALSE(IsPrecise(sample, 1000));
  const CalibrationSample backwards = {10, 5, 0, 1, 0};
  EXPECT_FALSE(IsPrecise(backwards, 1000));
}

}  // namespace
}  // namespace raeen::kernel
