#include "kernel/process/quota.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace raeen::kernel {
namespace {

TEST(Quota, ChargesUpToTheLimitAndNoFurther) {
  Quota quota(100);
  EXPECT_TRUE(quota.Charge(60).ok());
  EXPECT_EQ(quota.Charge(41).status(), Status::kQuotaExceeded);
  EXPECT_EQ(quota.used(), 60u);  // the refused charge took nothing
  EXPECT_TRUE(quota.Charge(40).ok());
  EXPECT_EQ(quota.Charge(1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(quota.Release(30), 70u);
  EXPECT_TRUE(quota.Charge(30).ok());
  EXPECT_EQ(quota.used(), 100u);
}

TEST(Quota, HugeChargesDoNotWrapAround) {
  Quota quota(1000);
  ASSERT_TRUE(quota.Charge(10).ok());
  EXPECT_EQ(quota.Charge(~uint64_t{0}).status(), Status::kQuotaExceeded);
  EXPECT_EQ(quota.Charge(~uint64_t{0} - 5).status(), Status::kQuotaExceeded);
  EXPECT_EQ(quota.used(), 10u);
}

TEST(Quota, OverReleaseSaturatesAtZero) {
  Quota quota(10);
  ASSERT_TRUE(quota.Charge(4).ok());
  EXPECT_EQ(quota.Release(9), 0u);
  EXPECT_EQ(quota.used(), 0u);
}

// Threads racing to charge never take more than the limit between them.
TEST(Quota, ConcurrentChargesNeverOvershoot) {
  constexpr uint64_t kLimit = 10000;
  Quota quota(kLimit);
  std::atomic<uint64_t> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (quota.Charge(3).ok()) granted += 3;
        if (i % 7 == 0 && quota.Charge(1).ok()) {
          quota.Release(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), quota.used());
  EXPECT_LE(quota.used(), kLimit);
  EXPECT_GT(quota.used(), kLimit - 3);  // it filled up
}

}  // namespace
}  // namespace raeen::kernel
