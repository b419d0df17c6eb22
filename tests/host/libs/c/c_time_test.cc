#include "libs/c/c_time.h"

#include <gtest/gtest.h>

#include "libs/c/c_errno.h"
#include "tests/host/libs/c/fake_platform.h"

namespace raeen::libc {
namespace {

TEST(CTime, ClocksReadTheMonotonicHook) {
  testing::Fake().now_ns = 12'345'678'901;
  Timespec now{};
  EXPECT_EQ(ClockGettime(RAEEN_CLOCK_MONOTONIC, &now), 0);
  EXPECT_EQ(now.seconds, 12);
  EXPECT_EQ(now.nanoseconds, 345'678'901);
  EXPECT_EQ(ClockGettime(RAEEN_CLOCK_REALTIME, &now), 0);
  EXPECT_EQ(now.seconds, 12);
  int64_t stored = 0;
  EXPECT_EQ(Time(&stored), 12);
  EXPECT_EQ(stored, 12);
  EXPECT_EQ(Time(nullptr), 12);
  SetErrno(0);
  EXPECT_EQ(ClockGettime(7, &now), -1);
  EXPECT_EQ(Errno(), RAEEN_EINVAL);
}

TEST(CTime, NanosleepSleepsUntilTheDeadline) {
  testing::Fake().now_ns = 1'000'000'000;
  Timespec request{2, 500};
  Timespec remaining{9, 9};
  EXPECT_EQ(Nanosleep(&request, &remaining), 0);
  EXPECT_EQ(testing::Fake().last_sleep_deadline.load(), 3'000'000'500u);
  EXPECT_EQ(testing::Fake().now_ns.load(), 3'000'000'500u);
  EXPECT_EQ(remaining.seconds, 0);
  EXPECT_EQ(remaining.nanoseconds, 0);
  Timespec forever{INT64_MAX, 999'999'999};
  EXPECT_EQ(Nanosleep(&forever, nullptr), 0);
  EXPECT_EQ(testing::Fake().last_sleep_deadline.load(), UINT64_MAX);
}

TEST(CTime, NanosleepRejectsBadTimes) {
  for (Timespec bad : {Timespec{-1, 0}, Timespec{0, -1}, Timespec{0, 1'000'000'000}}) {
    SetErrno(0);
    EXPECT_EQ(Nanosleep(&bad, nullptr), -1);
    EXPECT_EQ(Errno(), RAEEN_EINVAL);
  }
}

}  // namespace
}  // namespace raeen::libc
