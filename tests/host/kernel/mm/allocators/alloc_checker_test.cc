#include "kernel/mm/alloc_checker.h"

#include <gtest/gtest.h>

#include "kernel/mm/kernel_heap.h"
#include "tests/host/kernel/mm/allocators/fake_page_source.h"

namespace {

// The heap the overloads below allocate from, set by each test.
raeen::kernel::KernelHeap* g_heap = nullptr;

}  // namespace

// The wiring alloc_checker.h describes, against the test's heap.
void* operator new(size_t size, raeen::kernel::AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateChecked(*g_heap, size, raeen::kernel::KernelHeap::kDefaultAlignment,
                                        checker);
}
void* operator new[](size_t size, raeen::kernel::AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateChecked(*g_heap, size, raeen::kernel::KernelHeap::kDefaultAlignment,
                                        checker);
}
void* operator new(size_t size, std::align_val_t alignment,
                   raeen::kernel::AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateChecked(*g_heap, size, static_cast<size_t>(alignment), checker);
}
void* operator new[](size_t size, std::align_val_t alignment,
                     raeen::kernel::AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateChecked(*g_heap, size, static_cast<size_t>(alignment), checker);
}

namespace raeen::kernel {
namespace {

using testing::FakePageSource;

int g_constructed = 0;

struct Widget {
  explicit Widget(int v) : value(v) { ++g_constructed; }
  int value;
};

struct alignas(256) Aligned {
  uint8_t bytes[40];
};

class AllocCheckerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_heap = &heap_;
    g_constructed = 0;
  }
  void TearDown() override { g_heap = nullptr; }

  FakePageSource source_;
  KernelHeap heap_{source_};
};

TEST_F(AllocCheckerTest, SuccessfulNewConstructs) {
  AllocChecker checker;
  Widget* widget = new (checker) Widget(7);
  ASSERT_TRUE(checker.Check());
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->value, 7);
  EXPECT_EQ(g_constructed, 1);
  widget->~Widget();
  EXPECT_TRUE(heap_.Free(widget).ok());
}

TEST_F(AllocCheckerTest, FailedNewReturnsNullAndConstructsNothing) {
  source_.set_page_budget(0);
  AllocChecker checker;
  Widget* widget = new (checker) Widget(7);
  EXPECT_FALSE(checker.Check());
  EXPECT_EQ(widget, nullptr);
  EXPECT_EQ(g_constructed, 0);
}

TEST_F(AllocCheckerTest, OverAlignedTypesGetTheirAlignment) {
  AllocChecker checker;
  Aligned* aligned = new (checker) Aligned();
  ASSERT_TRUE(checker.Check());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % alignof(Aligned), 0u);
  EXPECT_TRUE(heap_.Free(aligned).ok());
}

TEST_F(AllocCheckerTest, ArraysUseTheArrayForm) {
  AllocChecker checker;
  int* numbers = new (checker) int[1000];
  ASSERT_TRUE(checker.Check());
  for (int i = 0; i < 1000; ++i) numbers[i] = i;
  EXPECT_EQ(numbers[999], 999);
  EXPECT_EQ(heap_.Stats().large_allocations, 0u + (1000 * sizeof(int) > 2000 ? 1 : 0));
  EXPECT_TRUE(heap_.Free(numbers).ok());

  AllocChecker aligned_checker;
  Aligned* many = new (aligned_checker) Aligned[3];
  ASSERT_TRUE(aligned_checker.Check());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(many) % alignof(Aligned), 0u);
  EXPECT_TRUE(heap_.Free(many).ok());
}

TEST_F(AllocCheckerTest, ACheckerCanBeReusedAfterCheck) {
  AllocChecker checker;
  Widget* first = new (checker) Widget(1);
  ASSERT_TRUE(checker.Check());
  Widget* second = new (checker) Widget(2);
  ASSERT_TRUE(checker.Check());
  EXPECT_NE(first, second);
  EXPECT_TRUE(heap_.Free(first).ok());
  EXPECT_TRUE(heap_.Free(second).ok());
}

TEST_F(AllocCheckerTest, AnUnusedCheckerIsFine) {
  AllocChecker checker;
}

using AllocCheckerDeathTest = AllocCheckerTest;

TEST_F(AllocCheckerDeathTest, DestroyingAnUncheckedCheckerStops) {
  EXPECT_DEATH(
      {
        AllocChecker checker;
        Widget* widget = new (checker) Widget(1);
        static_cast<void>(widget);
      },
      "");
}

TEST_F(AllocCheckerDeathTest, ArmingTwiceWithoutCheckStops) {
  EXPECT_DEATH(
      {
        AllocChecker checker;
        checker.Arm(true);
        checker.Arm(true);
      },
      "");
}

}  // namespace
}  // namespace raeen::kernel
