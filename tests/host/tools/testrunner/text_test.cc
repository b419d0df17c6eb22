#include "tools/testrunner/text.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TEST(Text, Printf) {
  EXPECT_EQ(Printf("%d-%s", 42, "x"), "42-x");
  EXPECT_EQ(Printf("%s", ""), "");
  EXPECT_EQ(Printf("%0300d", 1).size(), 300u);
}

TEST(Text, Trim) {
  EXPECT_EQ(Trim("  a b \r\n"), "a b");
  EXPECT_EQ(Trim(" \t "), "");
}

TEST(Text, SplitWords) {
  const auto words = SplitWords("  a\tbb  c ");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1], "bb");
  EXPECT_TRUE(SplitWords("").empty());
}

TEST(Text, Numbers) {
  EXPECT_EQ(ParseInteger("-12"), -12);
  EXPECT_FALSE(ParseInteger("12a"));
  EXPECT_FALSE(ParseInteger(""));
  EXPECT_EQ(ParseDecimal("12.500"), 12.5);
  EXPECT_FALSE(ParseDecimal("1e3"));
  EXPECT_FALSE(ParseDecimal("1.2.3"));
  EXPECT_EQ(ParseHex("ffffffff80000000"), 0xffffffff80000000u);
  EXPECT_FALSE(ParseHex("0x10"));
  EXPECT_FALSE(ParseHex("-1"));
}

}  // namespace
}  // namespace raeen::tools::testrunner
