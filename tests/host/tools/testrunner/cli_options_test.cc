#include "tools/testrunner/cli_options.h"

#include <gtest/gtest.h>

#include <vector>

namespace raeen::tools::testrunner {
namespace {

std::expected<CliOptions, std::string> Parse(std::vector<std::string_view> args) {
  return ParseCli(args);
}

TEST(CliOptions, Scenario) {
  auto options = Parse({"scenario", "boot.uefi", "--build-dir", "build", "--accel", "auto",
                        "--out=/tmp/o", "--timeout", "120"});
  ASSERT_TRUE(options) << options.error();
  EXPECT_EQ(options->command, Command::kScenario);
  EXPECT_EQ(options->scenario, "boot.uefi");
  EXPECT_EQ(options->build_dir, "build");
  EXPECT_EQ(options->accel, AccelChoice::kAuto);
  EXPECT_EQ(options->out_dir, std::filesystem::path("/tmp/o"));
  EXPECT_EQ(options->timeout_seconds, 120);
}

TEST(CliOptions, DefaultsToTcgAndNinetySeconds) {
  auto options = Parse({"scenario", "--build-dir", "b", "ktest.all"});
  ASSERT_TRUE(options) << options.error();
  EXPECT_EQ(options->scenario, "ktest.all");
  EXPECT_EQ(options->accel, AccelChoice::kTcg);
  EXPECT_EQ(options->timeout_seconds, 90);
  EXPECT_FALSE(options->out_dir);
}

TEST(CliOptions, Run) {
  auto options = Parse({"run", "--build-dir", "b", "--headless", "--gdb", "--cmdline",
                        "ktest=all log=debug", "--accel=kvm"});
  ASSERT_TRUE(options) << options.error();
  EXPECT_EQ(options->command, Command::kRun);
  EXPECT_TRUE(options->headless);
  EXPECT_TRUE(options->gdb);
  EXPECT_EQ(options->cmdline, "ktest=all log=debug");
  EXPECT_EQ(options->accel, AccelChoice::kKvm);
}

TEST(CliOptions, Bench) {
  auto options = Parse({"bench", "--build-dir", "b", "--boots", "9", "--json", "out.json"});
  ASSERT_TRUE(options) << options.error();
  EXPECT_EQ(options->boots, 9);
  EXPECT_EQ(options->json_path, std::filesystem::path("out.json"));
  auto defaults = Parse({"bench", "--build-dir", "b"});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->boots, 5);
  EXPECT_FALSE(defaults->json_path);
  EXPECT_FALSE(defaults->icount);
  auto counted = Parse({"bench", "--build-dir", "b", "--icount"});
  ASSERT_TRUE(counted);
  EXPECT_TRUE(counted->icount);
  EXPECT_FALSE(Parse({"run", "--build-dir", "b", "--icount"}));
}

TEST(CliOptions, ListAndHelp) {
  EXPECT_EQ(Parse({"list"})->command, Command::kList);
  EXPECT_EQ(Parse({"help"})->command, Command::kHelp);
  EXPECT_EQ(Parse({"--help"})->command, Command::kHelp);
  EXPECT_FALSE(Usage().empty());
}

TEST(CliOptions, Errors) {
  struct Case {
    std::vector<std::string_view> args;
    std::string_view error;
  };
  const Case cases[] = {
      {{}, "no command given"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"scenario", "--build-dir", "b"}, "scenario: which one? (see `testrunner list`)"},
      {{"scenario", "x"}, "scenario needs --build-dir DIR"},
      {{"scenario", "x", "--build-dir"}, "--build-dir needs a value"},
      {{"scenario", "x", "y", "--build-dir", "b"}, "unexpected argument 'y'"},
      {{"scenario", "x", "--build-dir", "b", "--accel", "fast"},
       "--accel must be auto, tcg or kvm, not 'fast'"},
      {{"scenario", "x", "--build-dir", "b", "--timeout", "0"},
       "--timeout must be a whole number of seconds (1..86400), not '0'"},
      {{"scenario", "x", "--build-dir", "b", "--gdb"}, "unknown option '--gdb' for 'scenario'"},
      {{"run", "--build-dir", "b", "--boots", "3"}, "unknown option '--boots' for 'run'"},
      {{"run", "--build-dir", "b", "--gdb=yes"}, "--gdb takes no value"},
      {{"run", "--build-dir", "b", "--cmdline", "a\nb"}, "--cmdline must be a single line"},
      {{"bench", "--build-dir", "b", "--boots", "0"},
       "--boots must be a whole number from 1 to 10000, not '0'"},
      {{"bench", "--build-dir="}, "--build-dir must not be empty"},
      {{"list", "extra"}, "unexpected argument 'extra'"},
  };
  for (const Case& c : cases) {
    auto options = Parse(c.args);
    ASSERT_FALSE(options) << c.error;
    EXPECT_EQ(options.error(), c.error);
  }
}

}  // namespace
}  // namespace raeen::tools::testrunner
