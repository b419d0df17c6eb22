#include "apps/shell/pipeline.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/host/apps/shell/fake_system.h"

namespace raeen::shell {
namespace {

using testing::FakeSystem;
using testing::StringWriter;

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    system_.AddDirectory("/bin");
    for (const char* name : {"consoled", "logd", "shell", "svcmgr", "vfsd"}) {
      system_.AddFile(std::string("/bin/") + name, "ELF");
    }
  }

  int Run(const char* text) {
    console_.clear();
    err_.clear();
    EXPECT_EQ(line_.Parse(text), Status::kOk) << text;
    return RunPipeline(system_, state_, line_, console_, err_);
  }

  FakeSystem system_;
  ShellState state_;
  CommandLine line_;
  StringWriter console_;
  StringWriter err_;
};

TEST_F(PipelineTest, OneStageWritesToTheConsole) {
  EXPECT_EQ(Run("echo hi"), kExitOk);
  EXPECT_EQ(console_.str(), "hi\n");
}

TEST_F(PipelineTest, EachStageReadsThePreviousOutput) {
  EXPECT_EQ(Run("ls /bin | grep s"), kExitOk);
  EXPECT_EQ(console_.str(), "consoled\nshell\nsvcmgr\nvfsd\n");
  EXPECT_EQ(Run("ls /bin | grep s | grep -v c | wc"), kExitOk);
  EXPECT_EQ(console_.str(), "      2       2      11\n");
  EXPECT_EQ(Run("ls /bin | head -n 1"), kExitOk);
  EXPECT_EQ(console_.str(), "consoled\n");
}

TEST_F(PipelineTest, TheLastStatusCounts) {
  EXPECT_EQ(Run("ls /bin | grep nothing"), kExitFailure);
  EXPECT_EQ(Run("nothing | cat"), kExitOk);
  EXPECT_EQ(err_.str(), "shell: unknown command 'nothing' (try help)\n");
  EXPECT_EQ(console_.str(), "");
}

TEST_F(PipelineTest, ErrorsGoToTheConsoleNotThePipe) {
  EXPECT_EQ(Run("cat /missing | wc"), kExitOk);
  EXPECT_EQ(err_.str(), "cat: /missing: no such file or directory\n");
  EXPECT_EQ(console_.str(), "      0       0       0\n");
}

TEST_F(PipelineTest, OversizedStageOutputIsCutWithAWarning) {
  system_.AddFile("/big", std::string(kMaxStageOutput + 10, 'x'));
  EXPECT_EQ(Run("cat /big | wc"), kExitOk);
  EXPECT_NE(err_.str().find("was cut"), std::string::npos);
  EXPECT_NE(console_.str().find(std::to_string(kMaxStageOutput)), std::string::npos);
}

TEST_F(PipelineTest, EmptyLineDoesNothing) {
  EXPECT_EQ(Run("   "), kExitOk);
  EXPECT_EQ(console_.str(), "");
}

}  // namespace
}  // namespace raeen::shell
