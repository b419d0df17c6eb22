#include "apps/shell/completer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/host/apps/shell/fake_system.h"

namespace raeen::shell {
namespace {

using testing::FakeSystem;

class Collect final : public CompletionSink {
 public:
  void Add(rstd::StringView candidate) override {
    items.emplace_back(candidate.data(), candidate.size());
  }
  std::vector<std::string> items;
};

class CompleterTest : public ::testing::Test {
 protected:
  CompleterTest() : completer_(system_, state_) {
    system_.AddDirectory("/bin");
    system_.AddFile("/bin/shell", "");
    system_.AddFile("/bin/svcmgr", "");
    system_.AddDirectory("/etc");
    system_.AddFile("/etc/.hidden", "");
    system_.AddFile("/etc/motd", "");
  }

  std::vector<std::string> Complete(const char* word, bool command) {
    Collect sink;
    completer_.Complete(word, command, sink);
    return sink.items;
  }

  FakeSystem system_;
  ShellState state_;
  Completer completer_;
};

TEST_F(CompleterTest, CommandNames) {
  EXPECT_EQ(Complete("se", true), std::vector<std::string>{"services"});
  const std::vector<std::string> m = Complete("m", true);
  EXPECT_EQ(m, (std::vector<std::string>{"mkdir", "mv", "mem"}));
}

TEST_F(CompleterTest, AbsolutePaths) {
  EXPECT_EQ(Complete("/e", false), std::vector<std::string>{"/etc/"});
  EXPECT_EQ(Complete("/bin/s", false), (std::vector<std::string>{"/bin/shell", "/bin/svcmgr"}));
  EXPECT_EQ(Complete("/", false), (std::vector<std::string>{"/bin/", "/etc/"}));
}

TEST_F(CompleterTest, RelativePathsAndHiddenNames) {
  state_.SetCwd("/etc");
  EXPECT_EQ(Complete("", false), std::vector<std::string>{"motd"});
  EXPECT_EQ(Complete(".h", false), std::vector<std::string>{".hidden"});
  EXPECT_EQ(Complete("../b", false), std::vector<std::string>{"../bin/"});
}

TEST_F(CompleterTest, APathAsTheFirstWord) {
  EXPECT_EQ(Complete("/bin/sv", true), std::vector<std::string>{"/bin/svcmgr"});
}

TEST_F(CompleterTest, MissingDirectoryGivesNothing) {
  EXPECT_TRUE(Complete("/nope/x", false).empty());
}

}  // namespace
}  // namespace raeen::shell
