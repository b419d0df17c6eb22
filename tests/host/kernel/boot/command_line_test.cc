#include "kernel/boot/command_line.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::kernel {
namespace {

std::string Str(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

// The value of `key`, or "<none>" when Get reports there is none.
std::string ValueOf(const CommandLine& line, const char* key) {
  rstd::StringView value = "untouched";
  if (!line.Get(key, &value)) return "<none>";
  return Str(value);
}

TEST(CommandLine, GetFindsEachKey) {
  CommandLine line("ktest=all log=debug console=serial,fb");
  EXPECT_EQ(ValueOf(line, "ktest"), "all");
  EXPECT_EQ(ValueOf(line, "log"), "debug");
  EXPECT_EQ(ValueOf(line, "console"), "serial,fb");
  EXPECT_EQ(ValueOf(line, "missing"), "<none>");
}

TEST(CommandLine, GetLeavesValueAloneWhenMissing) {
  CommandLine line("a=1");
  rstd::StringView value = "untouched";
  EXPECT_FALSE(line.Get("b", &value));
  EXPECT_EQ(Str(value), "untouched");
}

TEST(CommandLine, LastWordWins) {
  CommandLine line("log=info ktest=none log=trace other=1 log=debug");
  EXPECT_EQ(ValueOf(line, "log"), "debug");
  EXPECT_EQ(ValueOf(line, "ktest"), "none");
}

TEST(CommandLine, LaterBareFlagDoesNotHideEarlierValue) {
  // A bare word is not a `key=value` word, so Get still sees the earlier value.
  CommandLine line("log=trace log");
  EXPECT_EQ(ValueOf(line, "log"), "trace");
  EXPECT_TRUE(line.Has("log"));
}

TEST(CommandLine, ValueMayContainEquals) {
  CommandLine line("root=UUID=1234-abcd opt=a=b=c");
  EXPECT_EQ(ValueOf(line, "root"), "UUID=1234-abcd");
  EXPECT_EQ(ValueOf(line, "opt"), "a=b=c");
  EXPECT_EQ(ValueOf(line, "UUID"), "<none>");
  EXPECT_EQ(ValueOf(line, "a"), "<none>");
}

TEST(CommandLine, EmptyValue) {
  CommandLine line("quiet= log=x");
  rstd::StringView value = "untouched";
  ASSERT_TRUE(line.Get("quiet", &value));
  EXPECT_TRUE(value.empty());
  EXPECT_EQ(ValueOf(line, "log"), "x");
}

TEST(CommandLine, EmptyValueAtEndOfLine) {
  CommandLine line("log=x quiet=");
  EXPECT_EQ(ValueOf(line, "quiet"), "");
}

TEST(CommandLine, BareFlags) {
  CommandLine line("quiet nosmp ktest=all");
  EXPECT_TRUE(line.Has("quiet"));
  EXPECT_TRUE(line.Has("nosmp"));
  EXPECT_FALSE(line.Has("verbose"));
  // A bare flag has no value.
  EXPECT_EQ(ValueOf(line, "quiet"), "<none>");
  EXPECT_EQ(ValueOf(line, "nosmp"), "<none>");
}

TEST(CommandLine, HasMatchesKeyValueWords) {
  CommandLine line("ktest=all quiet= x=y=z");
  EXPECT_TRUE(line.Has("ktest"));
  EXPECT_TRUE(line.Has("quiet"));
  EXPECT_TRUE(line.Has("x"));
  EXPECT_FALSE(line.Has("all"));
  EXPECT_FALSE(line.Has("ktest=all"));
  EXPECT_FALSE(line.Has("y"));
}

TEST(CommandLine, ExtraSpacesAndTabs) {
  CommandLine line("  \t ktest=all \t\t log=debug\t quiet   \t");
  EXPECT_EQ(ValueOf(line, "ktest"), "all");
  EXPECT_EQ(ValueOf(line, "log"), "debug");
  EXPECT_TRUE(line.Has("quiet"));
  EXPECT_FALSE(line.Has(""));
}

TEST(CommandLine, TabSeparatesWords) {
  CommandLine line("a=1\tb=2");
  EXPECT_EQ(ValueOf(line, "a"), "1");
  EXPECT_EQ(ValueOf(line, "b"), "2");
}

TEST(CommandLine, EmptyLine) {
  for (const char* text : {"", " ", "\t\t  ", static_cast<const char*>(nullptr)}) {
    CommandLine line(text);
    EXPECT_EQ(ValueOf(line, "ktest"), "<none>");
    EXPECT_FALSE(line.Has("ktest"));
    EXPECT_FALSE(line.Has("quiet"));
  }
}

TEST(CommandLine, PrefixesDoNotMatch) {
  CommandLine line("ktestx=1 xktest=2 ktes logging");
  EXPECT_EQ(ValueOf(line, "ktest"), "<none>");
  EXPECT_FALSE(line.Has("ktest"));
  EXPECT_EQ(ValueOf(line, "ktes"), "<none>");  // `ktes` is a bare flag, not a key
  EXPECT_TRUE(line.Has("ktes"));
  EXPECT_FALSE(line.Has("kt"));
  EXPECT_FALSE(line.Has("log"));
  EXPECT_FALSE(line.Has("logging2"));
  EXPECT_TRUE(line.Has("logging"));
  EXPECT_EQ(ValueOf(line, "ktestx"), "1");
  EXPECT_EQ(ValueOf(line, "xktest"), "2");
}

TEST(CommandLine, LongerKeyDoesNotMatchShorterWord) {
  CommandLine line("log=1 lo=2");
  EXPECT_EQ(ValueOf(line, "logx"), "<none>");
  EXPECT_FALSE(line.Has("logx"));
  EXPECT_EQ(ValueOf(line, "lo"), "2");
}

TEST(CommandLine, ViewIntoTheOriginalText) {
  const char text[] = "ktest=all";
  CommandLine line(text);
  rstd::StringView value;
  ASSERT_TRUE(line.Get("ktest", &value));
  EXPECT_EQ(value.data(), text + 6);
  EXPECT_EQ(value.size(), 3u);
  EXPECT_EQ(line.text().data(), text);
  EXPECT_EQ(line.text().size(), 9u);
}

TEST(CommandLine, DoesNotReadPastTheView) {
  // Only the first 9 bytes belong to the command line.
  const char text[] = "ktest=all log=debug";
  CommandLine line(rstd::StringView(text, 9));
  EXPECT_EQ(ValueOf(line, "ktest"), "all");
  EXPECT_EQ(ValueOf(line, "log"), "<none>");
}

}  // namespace
}  // namespace raeen::kernel
