#include "apps/shell/shell_path.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::shell {
namespace {

std::string Resolve(const char* cwd, const std::string& path) {
  char buffer[kMaxPath];
  Result<rstd::StringView> resolved =
      ResolvePath(cwd, rstd::StringView(path.data(), path.size()), buffer, sizeof(buffer));
  if (!resolved.ok()) return std::string("error: ") + StatusName(resolved.status());
  return std::string(resolved->data(), resolved->size());
}

TEST(ShellPath, AbsoluteAndRelative) {
  EXPECT_EQ(Resolve("/", "etc"), "/etc");
  EXPECT_EQ(Resolve("/etc", "services/shell.svc"), "/etc/services/shell.svc");
  EXPECT_EQ(Resolve("/etc", "/bin"), "/bin");
  EXPECT_EQ(Resolve("/etc", "."), "/etc");
  EXPECT_EQ(Resolve("/", "/"), "/");
}

TEST(ShellPath, Normalises) {
  EXPECT_EQ(Resolve("/a/b", ".."), "/a");
  EXPECT_EQ(Resolve("/a/b", "../../.."), "/");
  EXPECT_EQ(Resolve("/", "//etc///services/./"), "/etc/services");
  EXPECT_EQ(Resolve("/a", "b/../c"), "/a/c");
}

TEST(ShellPath, Errors) {
  EXPECT_EQ(Resolve("/", ""), "error: invalid-argument");
  EXPECT_EQ(Resolve("/", "/" + std::string(kMaxPath, 'x')), "error: out-of-range");
}

TEST(ShellPath, JoinAndBaseName) {
  char buffer[kMaxPath];
  Result<rstd::StringView> joined = JoinPath("/", "etc", buffer, sizeof(buffer));
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(std::string(joined->data(), joined->size()), "/etc");
  Result<rstd::StringView> nested = JoinPath("/etc", "motd", buffer, sizeof(buffer));
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(std::string(nested->data(), nested->size()), "/etc/motd");
  EXPECT_EQ(JoinPath("/etc", "motd", buffer, 5).status(), Status::kOutOfRange);
  EXPECT_TRUE(BaseName("/etc/motd") == "motd");
  EXPECT_TRUE(BaseName("/") == "/");
}

}  // namespace
}  // namespace raeen::shell
