#include "kernel/process/user_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace raeen::kernel {
namespace {

class FixedRandom final : public boot::RandomSource {
 public:
  explicit FixedRandom(uint64_t word) : word_(word) {}
  Result<uint64_t> Next64() override { return word_; }

 private:
  uint64_t word_;
};

class MersenneRandom final : public boot::RandomSource {
 public:
  explicit MersenneRandom(uint64_t seed) : engine_(seed) {}
  Result<uint64_t> Next64() override { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

class BrokenRandom final : public boot::RandomSource {
 public:
  Result<uint64_t> Next64() override { return Error(Status::kIoError); }
};

constexpr uint64_t kMiB = 1ull << 20;

void ExpectSane(const UserLayout& l, uint64_t image_span, uint64_t stack_size) {
  for (uint64_t address : {l.image_base, l.heap_base, l.mappings_base, l.stack_low, l.stack_top}) {
    EXPECT_EQ(address % kUserPageSize, 0u);
    EXPECT_GE(address, kUserBase);
    EXPECT_LE(address, kUserTop);
  }
  EXPECT_GE(l.image_base, kImageWindowBase);
  EXPECT_LE(l.image_base + image_span, kImageWindowEnd);
  EXPECT_GE(l.heap_base, kHeapWindowBase);
  EXPECT_LT(l.heap_base, kHeapWindowEnd);
  EXPECT_GE(l.mappings_base, kMappingWindowBase);
  EXPECT_EQ(l.mappings_end, l.mappings_base + kMappingAreaSize);
  EXPECT_LE(l.mappings_end, kStackWindowBase);
  EXPECT_GE(l.stack_low - kUserPageSize, kStackWindowBase);  // the guard page too
  EXPECT_GE(l.stack_top - l.stack_low, stack_size);
  EXPECT_LE(l.stack_top, kUserTop);
}

TEST(UserLayout, ExtremeRandomWordsStayInsideTheirWindows) {
  // 2^20 draws slot 0 of every window (a word of 0 would be rejected as biased forever);
  // all ones draws the last slot.
  for (uint64_t word : {uint64_t{1} << 20, ~uint64_t{0}, uint64_t{0x9e3779b97f4a7c15}}) {
    FixedRandom random(word);
    Result<UserLayout> layout = ChooseUserLayout(3 * kMiB + 5, 8 * kMiB, random);
    ASSERT_TRUE(layout.ok()) << word;
    ExpectSane(*layout, 3 * kMiB + 5, 8 * kMiB);
  }
  FixedRandom bottom(uint64_t{1} << 20);
  Result<UserLayout> low = ChooseUserLayout(kMiB, kMiB, bottom);
  ASSERT_TRUE(low.ok());
  EXPECT_EQ(low->image_base, kImageWindowBase);
  EXPECT_EQ(low->stack_low, kStackWindowBase + kUserPageSize);
  // The largest image and stack still fit at the top of their windows.
  FixedRandom top(~uint64_t{0});
  Result<UserLayout> big = ChooseUserLayout(kMaxImageSpan, kMaxStackSize, top);
  ASSERT_TRUE(big.ok());
  ExpectSane(*big, kMaxImageSpan, kMaxStackSize);
  EXPECT_EQ(big->image_base + kMaxImageSpan, kImageWindowEnd);
  EXPECT_EQ(big->stack_top, kUserTop);
}

TEST(UserLayout, EachRegionSpreadsOverItsWindow) {
  MersenneRandom random(7);
  uint64_t lowest_image = ~uint64_t{0}, highest_image = 0;
  uint64_t lowest_stack = ~uint64_t{0}, highest_stack = 0;
  for (int i = 0; i < 2000; ++i) {
    Result<UserLayout> layout = ChooseUserLayout(64 * kMiB, 8 * kMiB, random);
    ASSERT_TRUE(layout.ok());
    ExpectSane(*layout, 64 * kMiB, 8 * kMiB);
    lowest_image = std::min(lowest_image, layout->image_base);
    highest_image = std::max(highest_image, layout->image_base);
    lowest_stack = std::min(lowest_stack, layout->stack_top);
    highest_stack = std::max(highest_stack, layout->stack_top);
  }
  // 2000 uniform draws leave less than 1% of a window uncovered at either end (p < 1e-8).
  const uint64_t image_window = kImageWindowEnd - kImageWindowBase;
  EXPECT_LT(lowest_image - kImageWindowBase, image_window / 100);
  EXPECT_LT(kImageWindowEnd - highest_image, image_window / 100);
  const uint64_t stack_window = kUserTop - kStackWindowBase;
  EXPECT_LT(lowest_stack - kStackWindowBase, stack_window / 100);
  EXPECT_LT(kUserTop - highest_stack, stack_window / 100);
}

TEST(UserLayout, RegionsAreIndependent) {
  // Two processes with the same image base would still differ elsewhere: the regions draw
  // separate random words.
  MersenneRandom random(11);
  Result<UserLayout> a = ChooseUserLayout(kMiB, kMiB, random);
  Result<UserLayout> b = ChooseUserLayout(kMiB, kMiB, random);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->image_base, b->image_base);
  EXPECT_NE(a->heap_base - kHeapWindowBase, a->image_base - kImageWindowBase);
  EXPECT_NE(a->stack_top, b->stack_top);
}

TEST(UserLayout, BadSizesAndBrokenRandomnessAreRefused) {
  MersenneRandom random(3);
  EXPECT_EQ(ChooseUserLayout(0, kMiB, random).status(), Status::kInvalidArgument);
  EXPECT_EQ(ChooseUserLayout(kMaxImageSpan + 1, kMiB, random).status(), Status::kInvalidArgument);
  EXPECT_EQ(ChooseUserLayout(kMiB, 0, random).status(), Status::kInvalidArgument);
  EXPECT_EQ(ChooseUserLayout(kMiB, kMaxStackSize + 1, random).status(), Status::kInvalidArgument);
  BrokenRandom broken;
  EXPECT_EQ(ChooseUserLayout(kMiB, kMiB, broken).status(), Status::kIoError);
}

}  // namespace
}  // namespace raeen::kernel
