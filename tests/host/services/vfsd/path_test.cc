#include "services/vfsd/path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::vfsd {
namespace {

rstd::StringView View(const std::string& text) {
  return rstd::StringView(text.data(), text.size());
}

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> names;
  PathComponents components(View(path));
  rstd::StringView name;
  while (components.Next(&name)) names.emplace_back(name.data(), name.size());
  return names;
}

TEST(VfsdPath, CheckNameAcceptsOrdinaryNamesAndDots) {
  EXPECT_TRUE(CheckName("a").ok());
  EXPECT_TRUE(CheckName(".").ok());
  EXPECT_TRUE(CheckName("..").ok());
  EXPECT_TRUE(CheckName("...").ok());
  EXPECT_TRUE(CheckName(View(std::string(255, 'n'))).ok());
}

TEST(VfsdPath, CheckNameRejectsBadNames) {
  EXPECT_EQ(CheckName("").status(), Status::kInvalidArgument);
  EXPECT_EQ(CheckName("a/b").status(), Status::kInvalidArgument);
  EXPECT_EQ(CheckName(View(std::string("a\0b", 3))).status(), Status::kInvalidArgument);
  EXPECT_EQ(CheckName(View(std::string(256, 'n'))).status(), Status::kOutOfRange);
}

TEST(VfsdPath, IsDotOrDotDot) {
  EXPECT_TRUE(IsDotOrDotDot("."));
  EXPECT_TRUE(IsDotOrDotDot(".."));
  EXPECT_FALSE(IsDotOrDotDot("..."));
  EXPECT_FALSE(IsDotOrDotDot(".a"));
}

TEST(VfsdPath, CheckPathLimits) {
  EXPECT_TRUE(CheckPath("/").ok());
  EXPECT_TRUE(CheckPath("a//b/./../c/").ok());
  EXPECT_EQ(CheckPath("").status(), Status::kInvalidArgument);
  EXPECT_EQ(CheckPath(View(std::string("/a\0", 3))).status(), Status::kInvalidArgument);
  std::string longest;
  while (longest.size() < kMaxPathLength) longest += "/abc";
  longest.resize(kMaxPathLength);
  EXPECT_TRUE(CheckPath(View(longest)).ok());
  EXPECT_EQ(CheckPath(View(longest + "x")).status(), Status::kOutOfRange);
  EXPECT_EQ(CheckPath(View("/a/" + std::string(256, 'n') + "/b")).status(), Status::kOutOfRange);
}

TEST(VfsdPath, ComponentsSkipRepeatedSlashes) {
  EXPECT_EQ(Components("/a//b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Components("a"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Components("./..//x"), (std::vector<std::string>{".", "..", "x"}));
  EXPECT_TRUE(Components("///").empty());
  EXPECT_TRUE(IsAbsolute("/a"));
  EXPECT_FALSE(IsAbsolute("a/"));
  EXPECT_FALSE(IsAbsolute(""));
}

TEST(VfsdPath, ComponentsReportLastAndTrailingSlash) {
  std::string path = "a/bc//";
  PathComponents components(View(path));
  rstd::StringView name;
  ASSERT_TRUE(components.Next(&name));
  EXPECT_FALSE(components.IsLast());
  EXPECT_FALSE(components.HasTrailingSlash());
  ASSERT_TRUE(components.Next(&name));
  EXPECT_TRUE(name == "bc");
  EXPECT_EQ(components.start(), 2u);
  EXPECT_EQ(components.end(), 4u);
  EXPECT_TRUE(components.IsLast());
  EXPECT_TRUE(components.HasTrailingSlash());
  EXPECT_FALSE(components.Next(&name));

  PathComponents plain(rstd::StringView("x"));
  ASSERT_TRUE(plain.Next(&name));
  EXPECT_TRUE(plain.IsLast());
  EXPECT_FALSE(plain.HasTrailingSlash());
}

TEST(VfsdPath, PathBufferReplacePrefix) {
  PathBuffer buffer;
  ASSERT_TRUE(buffer.Assign("link/rest").ok());
  ASSERT_TRUE(buffer.ReplacePrefix(4, "/target/dir").ok());
  EXPECT_TRUE(buffer.view() == "/target/dir/rest");
  ASSERT_TRUE(buffer.ReplacePrefix(buffer.size(), "x").ok());
  EXPECT_TRUE(buffer.view() == "x");
}

TEST(VfsdPath, PathBufferRefusesOverlongResults) {
  PathBuffer buffer;
  std::string big(kMaxPathLength, 'a');
  EXPECT_EQ(buffer.Assign(View(big + "b")).status(), Status::kOutOfRange);
  ASSERT_TRUE(buffer.Assign(View(big)).ok());
  EXPECT_EQ(buffer.ReplacePrefix(1, "xy").status(), Status::kOutOfRange);
  EXPECT_EQ(buffer.size(), kMaxPathLength);  // Unchanged.
  ASSERT_TRUE(buffer.ReplacePrefix(1, "x").ok());
  EXPECT_EQ(buffer.view()[0], 'x');
}

TEST(VfsdPath, NameBufferHoldsAName) {
  NameBuffer name;
  name.Assign("hello");
  EXPECT_TRUE(name.view() == "hello");
  std::string longest(kMaxNameLength, 'z');
  name.Assign(View(longest));
  EXPECT_EQ(name.view().size(), kMaxNameLength);
}

}  // namespace
}  // namespace raeen::vfsd
