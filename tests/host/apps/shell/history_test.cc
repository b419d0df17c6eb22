#include "apps/shell/history.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::shell {
namespace {

std::string Str(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

TEST(History, NewestFirst) {
  History history;
  history.Add("ls");
  history.Add("cat x");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(Str(history.Recent(0)), "cat x");
  EXPECT_EQ(Str(history.Recent(1)), "ls");
  EXPECT_TRUE(history.Recent(2).empty());
}

TEST(History, SkipsEmptyAndRepeatedLines) {
  History history;
  history.Add("");
  history.Add("ls");
  history.Add("ls");
  history.Add("ps");
  history.Add("ls");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(Str(history.Recent(0)), "ls");
  EXPECT_EQ(Str(history.Recent(1)), "ps");
  EXPECT_EQ(Str(history.Recent(2)), "ls");
}

TEST(History, DropsTheOldestWhenFull) {
  History history;
  for (size_t i = 0; i < History::kCapacity + 5; ++i) history.Add(std::to_string(i).c_str());
  ASSERT_EQ(history.size(), History::kCapacity);
  EXPECT_EQ(Str(history.Recent(0)), std::to_string(History::kCapacity + 4));
  EXPECT_EQ(Str(history.Recent(History::kCapacity - 1)), "5");
}

TEST(History, CutsLongLines) {
  History history;
  const std::string long_line(History::kMaxLine + 50, 'x');
  history.Add(rstd::StringView(long_line.data(), long_line.size()));
  EXPECT_EQ(history.Recent(0).size(), History::kMaxLine);
}

}  // namespace
}  // namespace raeen::shell
