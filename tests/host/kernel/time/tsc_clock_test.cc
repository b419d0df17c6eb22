#include "kernel/time/tsc_clock.h"

#include <gtest/gtest.h>

namespace raeen::kernel {
namespace {

TEST(TscClock, RejectsImpossibleFrequencies) {
  EXPECT_EQ(TscClock::Create(0, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(TscClock::Create(999'999, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(TscClock::Create(10'000'000'001, 0).status(), Status::kInvalidArgument);
  EXPECT_TRUE(TscClock::Create(2'596'140'000, 0).ok());
}

TEST(TscClock, ConvertsExactlyAtRoundFrequencies) {
  TscClock clock = TscClock::Create(1'000'000'000, 0).value();
  EXPECT_EQ(clock.TicksToNanoseconds(1), 1u);
  EXPECT_EQ(clock.TicksToNanoseconds(123'456'789'012), 123'456'789'012u);
  TscClock slow = TscClock::Create(2'000'000, 0).value();
  EXPECT_EQ(slow.TicksToNanoseconds(2'000'000), 1'000'000'000u);
}

TEST(TscClock, StaysAccurateForYearsOfUptime) {
  constexpr uint64_t kHz = 2'596'140'123;
  TscClock clock = TscClock::Create(kHz, 0).value();
  // Ten years of ticks: the fixed-point error must stay below a millisecond.
  const uint64_t seconds = 10ull * 365 * 24 * 3600;
  const uint64_t ns = clock.TicksToNanoseconds(seconds * kHz);
  const uint64_t expected = seconds * 1'000'000'000;
  const uint64_t error = ns > expected ? ns - expected : expected - ns;
  EXPECT_LT(error, 1'000'000u);
}

TEST(TscClock, ZeroPointAndBackConversion) {
  TscClock clock = TscClock::Create(3'000'000'000, 1'000).value();
  EXPECT_EQ(clock.Nanoseconds(500), 0u);  // before zero
  EXPECT_EQ(clock.Nanoseconds(1'000), 0u);
  EXPECT_EQ(clock.Nanoseconds(1'000 + 3'000'000'000ull), 1'000'000'000u);
  EXPECT_EQ(clock.NanosecondsToTicks(1'500'000'000), 4'500'000'000u);
  EXPECT_EQ(clock.NanosecondsToTicks(0), 0u);
}

TEST(TscClock, IsMonotonicTickByTick) {
  TscClock clock = TscClock::Create(2'596'140'123, 0).value();
  uint64_t previous = 0;
  for (uint64_t tick = 0; tick < 100'000; ++tick) {
    uint64_t ns = clock.Nanoseconds(tick * 7919);
    ASSERT_GE(ns, previous);
    previous = ns;
  }
}

}  // namespace
}  // namespace raeen::kernel
