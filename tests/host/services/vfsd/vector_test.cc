#include "services/vfsd/vector.h"

#include <gtest/gtest.h>

#include <memory>

namespace raeen::vfsd {
namespace {

TEST(VfsdVector, AppendInsertErase) {
  Vector<int> v;
  EXPECT_TRUE(v.empty());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(v.TryAppend(i * 10));
  ASSERT_TRUE(v.TryInsert(0, -1));
  ASSERT_TRUE(v.TryInsert(5, 999));
  ASSERT_TRUE(v.TryInsert(v.size(), 1000));
  ASSERT_EQ(v.size(), 13u);
  EXPECT_EQ(v[0], -1);
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[5], 999);
  EXPECT_EQ(v[6], 40);
  EXPECT_EQ(v.back(), 1000);
  v.Erase(5);
  v.Erase(0);
  ASSERT_EQ(v.size(), 11u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(v[i], i * 10);
  EXPECT_EQ(v[10], 1000);
}

TEST(VfsdVector, ResizeZeroFillsAndTruncates) {
  Vector<uint8_t> bytes;
  ASSERT_TRUE(bytes.TryResize(100));
  for (uint8_t b : bytes) EXPECT_EQ(b, 0);
  bytes[99] = 7;
  ASSERT_TRUE(bytes.TryResize(10));
  EXPECT_EQ(bytes.size(), 10u);
  ASSERT_TRUE(bytes.TryResize(100));
  EXPECT_EQ(bytes[99], 0);
  bytes.Reset();
  EXPECT_EQ(bytes.capacity(), 0u);
}

TEST(VfsdVector, MovesOwningElementsWithoutLeaks) {
  Vector<std::unique_ptr<int>> v;
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(v.TryInsert(0, std::make_unique<int>(i)));
  EXPECT_EQ(*v[0], 49);
  EXPECT_EQ(*v[49], 0);
  Vector<std::unique_ptr<int>> moved(rstd::Move(v));
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(moved.size(), 50u);
  Vector<std::unique_ptr<int>> assigned;
  ASSERT_TRUE(assigned.TryAppend(std::make_unique<int>(1)));
  assigned = rstd::Move(moved);
  EXPECT_EQ(assigned.size(), 50u);
  assigned.Erase(10);
  assigned.Truncate(5);
  EXPECT_EQ(*assigned[4], 45);
}

TEST(VfsdVector, ImpossibleSizesFailWithoutChange) {
  Vector<uint64_t> v;
  ASSERT_TRUE(v.TryAppend(1));
  EXPECT_FALSE(v.TryReserve(static_cast<size_t>(-1)));
  EXPECT_FALSE(v.TryGrowFor(static_cast<size_t>(-1)));
  EXPECT_FALSE(v.TryResize(static_cast<size_t>(-1) / 4));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], 1u);
}

}  // namespace
}  // namespace raeen::vfsd
