#include "tools/testrunner/raeen_cfg.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TEST(RaeenCfg, ReadsKeys) {
  const RaeenCfg cfg =
      RaeenCfg::Parse("# boot options\r\ncmdline = quiet log=debug\r\nresolution=1024x768\n");
  EXPECT_EQ(cfg.Get("cmdline"), "quiet log=debug");
  EXPECT_EQ(cfg.Get("resolution"), "1024x768");
  EXPECT_FALSE(cfg.Get("timeout"));
}

TEST(RaeenCfg, SetReplacesInPlaceAndKeepsOtherLines) {
  RaeenCfg cfg = RaeenCfg::Parse("# comment\ncmdline = old\ntimeout = 3\ncmdline = again\n");
  cfg.Set("cmdline", "ktest=all");
  EXPECT_EQ(cfg.Serialize(), "# comment\ncmdline = ktest=all\ntimeout = 3\n");
}

TEST(RaeenCfg, SetAppendsMissingKeys) {
  RaeenCfg cfg = RaeenCfg::Parse("");
  cfg.Set("cmdline", "");
  cfg.Set("resolution", "auto");
  EXPECT_EQ(cfg.Serialize(), "cmdline = \nresolution = auto\n");
  EXPECT_EQ(RaeenCfg::Parse(cfg.Serialize()).Get("cmdline"), "");
}

TEST(RaeenCfg, LineBreaksCannotInjectKeys) {
  RaeenCfg cfg;
  cfg.Set("cmdline", "a\nresolution = 1x1");
  EXPECT_EQ(cfg.Serialize(), "cmdline = a resolution = 1x1\n");
  EXPECT_FALSE(RaeenCfg::Parse(cfg.Serialize()).Get("resolution"));
}

TEST(RaeenCfg, CommentedKeysAreNotKeys) {
  RaeenCfg cfg = RaeenCfg::Parse("# cmdline = commented\n");
  EXPECT_FALSE(cfg.Get("cmdline"));
  cfg.Set("cmdline", "x");
  EXPECT_EQ(cfg.Serialize(), "# cmdline = commented\ncmdline = x\n");
}

}  // namespace
}  // namespace raeen::tools::testrunner
