#include "libs/rstd/string_view.h"

#include <gtest/gtest.h>

namespace raeen::rstd {
namespace {

TEST(StringView, BasicQueries) {
  StringView text("kernel ktest=all");
  EXPECT_EQ(text.size(), 16u);
  EXPECT_TRUE(text.starts_with("kernel"));
  EXPECT_TRUE(text.ends_with("=all"));
  EXPECT_EQ(text.find('='), 12u);
  EXPECT_EQ(text.find("ktest"), 7u);
  EXPECT_EQ(text.find("absent"), StringView::kNpos);
  EXPECT_EQ(text.substr(7, 5), StringView("ktest"));
  EXPECT_EQ(text.substr(100), StringView(""));
  EXPECT_EQ(StringView("  a b \r\n").Trim(), StringView("a b"));
  EXPECT_EQ(StringView(nullptr).size(), 0u);
}

TEST(StringView, ParseUnsigned) {
  uint64_t value = 0;
  EXPECT_TRUE(ParseUnsigned("1280", &value));
  EXPECT_EQ(value, 1280u);
  EXPECT_TRUE(ParseUnsigned("0xFFffFFff80000000", &value));
  EXPECT_EQ(value, 0xffffffff80000000u);
  EXPECT_TRUE(ParseUnsigned("18446744073709551615", &value));
  EXPECT_FALSE(ParseUnsigned("18446744073709551616", &value));
  EXPECT_FALSE(ParseUnsigned("", &value));
  EXPECT_FALSE(ParseUnsigned("0x", &value));
  EXPECT_FALSE(ParseUnsigned("12a", &value));
  EXPECT_FALSE(ParseUnsigned("-1", &value));
}

}  // namespace
}  // namespace raeen::rstd
