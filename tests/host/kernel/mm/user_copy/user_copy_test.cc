#include "kernel/mm/user_copy.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace raeen::kernel {
namespace {

constexpr uint64_t kMax = ~uint64_t{0};

TEST(CheckUserRange, AcceptsOrdinaryUserRanges) {
  EXPECT_EQ(CheckUserRange(0x400000, 4096), Status::kOk);
  EXPECT_EQ(CheckUserRange(0x7fff'0000'0000, 0x1'0000), Status::kOk);
  // The null page is a user address; whether it is mapped is the copy's business.
  EXPECT_EQ(CheckUserRange(0, 8), Status::kOk);
  // All of user space at once.
  EXPECT_EQ(CheckUserRange(0, kLowerHalfEnd), Status::kOk);
}

TEST(CheckUserRange, ZeroLengthIsFineInTheLowerHalfOnly) {
  EXPECT_EQ(CheckUserRange(0, 0), Status::kOk);
  EXPECT_EQ(CheckUserRange(0x1234, 0), Status::kOk);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 1, 0), Status::kOk);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd, 0), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(kUpperHalfStart, 0), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0xffffffff80000000, 0), Status::kInvalidArgument);
}

TEST(CheckUserRange, BoundaryAtTheEndOfTheLowerHalf) {
  // Ending exactly at 0x0000800000000000 is allowed; one byte more is not.
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 1, 1), Status::kOk);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 4096, 4096), Status::kOk);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 4096, 4097), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 1, 2), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0, kLowerHalfEnd + 1), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(1, kLowerHalfEnd), Status::kInvalidArgument);
}

TEST(CheckUserRange, RefusesKernelAndNonCanonicalAddresses) {
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd, 1), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0x0000'8000'0000'1000, 8), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0x1234'5678'0000'0000, 8), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(kUpperHalfStart, 8), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0xffff'8880'0000'0000, 4096), Status::kInvalidArgument);  // direct map
  EXPECT_EQ(CheckUserRange(0xffffffff80100000, 64), Status::kInvalidArgument);       // kernel image
  EXPECT_EQ(CheckUserRange(kMax - 7, 8), Status::kInvalidArgument);
}

TEST(CheckUserRange, RefusesRangesThatWrapOrAreHuge) {
  // address + size would overflow 64 bits: a naive `address + size <= end` check passes these.
  EXPECT_EQ(CheckUserRange(0x1000, kMax), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0x1000, kMax - 0xfff), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0x1000, kMax - 0xffe), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(kLowerHalfEnd - 1, kMax), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0, kMax), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0, uint64_t{1} << 63), Status::kInvalidArgument);
  EXPECT_EQ(CheckUserRange(0x400000, kLowerHalfEnd), Status::kInvalidArgument);
}

TEST(CheckUserRange, IsUsableAtCompileTime) {
  static_assert(CheckUserRange(0x1000, 0x1000) == Status::kOk);
  static_assert(CheckUserRange(kLowerHalfEnd, 0) == Status::kInvalidArgument);
}

TEST(UserStringScanLimit, IsTheCapacityCutAtTheBoundary) {
  EXPECT_EQ(UserStringScanLimit(0x1000, 256), 256u);
  EXPECT_EQ(UserStringScanLimit(kLowerHalfEnd - 16, 256), 16u);
  EXPECT_EQ(UserStringScanLimit(kLowerHalfEnd - 256, 256), 256u);
  EXPECT_EQ(UserStringScanLimit(kLowerHalfEnd - 1, kMax), 1u);
  EXPECT_EQ(UserStringScanLimit(0, kMax), kLowerHalfEnd);
  EXPECT_EQ(UserStringScanLimit(0x1000, 0), 0u);
}

TEST(UserStringScanLimit, IsZeroOutsideTheLowerHalf) {
  EXPECT_EQ(UserStringScanLimit(kLowerHalfEnd, 256), 0u);
  EXPECT_EQ(UserStringScanLimit(kUpperHalfStart, 256), 0u);
  EXPECT_EQ(UserStringScanLimit(kMax, 256), 0u);
}

}  // namespace
}  // namespace raeen::kernel
