#include "libs/rstd/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace raeen {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return Error(Status::kInvalidArgument);
  return value / 2;
}

Result<int> Quarter(int value) {
  RAEEN_TRY(int half, Half(value));
  RAEEN_TRY(int quarter, Half(half));
  return quarter;
}

Result<void> CheckEven(int value) {
  RAEEN_TRY(Half(value));
  return {};
}

TEST(Result, ValueAndError) {
  Result<int> ok = Half(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 4);
  EXPECT_EQ(ok.status(), Status::kOk);

  Result<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status(), Status::kInvalidArgument);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, TryPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status(), Status::kInvalidArgument);
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(1).status(), Status::kInvalidArgument);
}

TEST(Result, HoldsMoveOnlyValuesAndDestroysThem) {
  auto counter = std::make_shared<int>(0);
  {
    Result<std::shared_ptr<int>> held(counter);
    EXPECT_EQ(counter.use_count(), 2);
    Result<std::shared_ptr<int>> moved(std::move(held));
    EXPECT_EQ(**moved, 0);
  }
  EXPECT_EQ(counter.use_count(), 1);

  Result<std::unique_ptr<int>> unique(std::make_unique<int>(7));
  std::unique_ptr<int> taken = std::move(unique).value();
  EXPECT_EQ(*taken, 7);
}

TEST(Result, FromStatus) {
  EXPECT_TRUE(FromStatus(Status::kOk).ok());
  EXPECT_EQ(FromStatus(Status::kCorrupt).status(), Status::kCorrupt);
}

}  // namespace
}  // namespace raeen
