#include "kernel/sync/lock_rank.h"

#include <gtest/gtest.h>

namespace raeen::kernel::sync {
namespace {

int a, b, c;

TEST(HeldLockRanks, IncreasingRanksMayBeTaken) {
  HeldLockRanks held;
  EXPECT_TRUE(held.MayAcquire(LockRank::kWaitQueue));
  held.Push(LockRank::kWaitQueue, &a);
  EXPECT_TRUE(held.MayAcquire(LockRank::kRunQueue));
  held.Push(LockRank::kRunQueue, &b);
  EXPECT_TRUE(held.MayAcquire(LockRank::kPageAllocator));
  EXPECT_EQ(held.count(), 2u);
  EXPECT_EQ(held.top_lock(), &b);
}

TEST(HeldLockRanks, LowerOrEqualRankIsRefused) {
  HeldLockRanks held;
  held.Push(LockRank::kRunQueue, &a);
  EXPECT_FALSE(held.MayAcquire(LockRank::kRunQueue));  // a second run queue: never
  EXPECT_FALSE(held.MayAcquire(LockRank::kWaitQueue));
  EXPECT_TRUE(held.MayAcquire(LockRank::kTimerQueue));
}

TEST(HeldLockRanks, ReleaseOutOfOrderKeepsTheRestOrdered) {
  HeldLockRanks held;
  held.Push(LockRank::kWaitQueue, &a);
  held.Push(LockRank::kRunQueue, &b);
  held.Push(LockRank::kTimerQueue, &c);
  EXPECT_TRUE(held.Remove(&a));  // a wait queue dropped while the run queue stays held
  EXPECT_FALSE(held.Holds(&a));
  EXPECT_TRUE(held.Holds(&b));
  EXPECT_EQ(held.count(), 2u);
  EXPECT_EQ(held.top_rank(), LockRank::kTimerQueue);
  // The rule still compares with the highest held rank.
  EXPECT_FALSE(held.MayAcquire(LockRank::kWaitQueue));
  EXPECT_TRUE(held.Remove(&c));
  EXPECT_EQ(held.top_lock(), &b);
}

TEST(HeldLockRanks, RemovingALockNotHeldFails) {
  HeldLockRanks held;
  held.Push(LockRank::kHeap, &a);
  EXPECT_FALSE(held.Remove(&b));
  EXPECT_EQ(held.count(), 1u);
}

TEST(HeldLockRanks, FullTableRefusesMore) {
  HeldLockRanks held;
  int locks[HeldLockRanks::kCapacity];
  for (size_t i = 0; i < HeldLockRanks::kCapacity; ++i) {
    const auto rank = static_cast<LockRank>(i + 1);
    ASSERT_TRUE(held.MayAcquire(rank));
    held.Push(rank, &locks[i]);
  }
  EXPECT_FALSE(held.MayAcquire(LockRank::kPageAllocator));
}

}  // namespace
}  // namespace raeen::kernel::sync
