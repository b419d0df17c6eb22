#include "boot/uefi/direct_map.h"

#include <gtest/gtest.h>

#include <vector>

namespace raeen::boot {
namespace {

constexpr uint64_t k2M = 2ull << 20;

Result<size_t> Plan(const std::vector<PhysicalRange>& in, std::vector<PhysicalRange>& out) {
  Diagnostic diag;
  return PlanDirectMap(rstd::Span<const PhysicalRange>(in.data(), in.size()),
                       rstd::Span<PhysicalRange>(out.data(), out.size()), diag);
}

TEST(DirectMap, RoundsOutSortsAndMerges) {
  std::vector<PhysicalRange> in = {
      {0xc0000000, 0x3e8000},  // framebuffer, not 2 MiB sized
      {0x1000, 0x9e000},       // low memory
      {0x100000, 0x1ff00000},  // touches the rounded low range: merged
      {0xffc00000, 0x400000},  // flash
      {0xc0200000, 0x1000},    // inside the rounded framebuffer
      {0x5000, 0},             // empty: ignored
  };
  std::vector<PhysicalRange> out(in.size());
  Result<size_t> count = Plan(in, out);
  ASSERT_TRUE(count.ok());
  ASSERT_EQ(*count, 3u);
  EXPECT_EQ(out[0].base, 0u);
  EXPECT_EQ(out[0].size, 0x20000000u);
  EXPECT_EQ(out[1].base, 0xc0000000u);
  EXPECT_EQ(out[1].size, 2 * k2M);  // 0x3e8000 rounds up to 4 MiB; 0xc0200000 is inside
  EXPECT_EQ(out[2].base, 0xffc00000u);
  EXPECT_EQ(out[2].size, 0x400000u);
  for (size_t i = 0; i < *count; ++i) {
    EXPECT_EQ(out[i].base % k2M, 0u);
    EXPECT_EQ(out[i].size % k2M, 0u);
  }
}

TEST(DirectMap, CoversEveryInputRange) {
  std::vector<PhysicalRange> in = {{0x7000, 0x1000}, {0x23f000, 0x3000}, {0x100000000, 0x1000}};
  std::vector<PhysicalRange> out(in.size());
  Result<size_t> count = Plan(in, out);
  ASSERT_TRUE(count.ok());
  rstd::Span<const PhysicalRange> plan(out.data(), *count);
  for (const PhysicalRange& range : in) {
    EXPECT_TRUE(DirectMapCovers(plan, range.base, range.size));
  }
  EXPECT_FALSE(DirectMapCovers(plan, 0x80000000, 0x1000));
  EXPECT_FALSE(DirectMapCovers(plan, 0x3ff000, 0x2000));  // runs past the end of a range
}

TEST(DirectMap, RefusesAddressesBeyondTheLimit) {
  std::vector<PhysicalRange> out(2);
  EXPECT_EQ(Plan({{kDirectMapLimit - 0x1000, 0x2000}}, out).status(), Status::kOutOfRange);
  EXPECT_EQ(Plan({{~uint64_t{0} - 0xfff, 0x2000}}, out).status(), Status::kOutOfRange);
  Result<size_t> at_limit = Plan({{kDirectMapLimit - 0x1000, 0x1000}}, out);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(out[0].base + out[0].size, kDirectMapLimit);
}

TEST(DirectMap, ReportsAFullOutputBuffer) {
  std::vector<PhysicalRange> out(1);
  EXPECT_EQ(Plan({{0, 0x1000}, {0x40000000, 0x1000}}, out).status(), Status::kBufferTooSmall);
}

}  // namespace
}  // namespace raeen::boot
