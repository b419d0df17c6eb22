#include "boot/uefi/boot_config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::boot {
namespace {

class CollectingSink final : public WarningSink {
 public:
  void Warning(rstd::StringView text) override { lines.emplace_back(text.data(), text.size()); }
  std::vector<std::string> lines;
};

struct Parsed {
  Result<BootConfig> config;
  std::string error;
  std::vector<std::string> warnings;
};

Parsed Parse(const std::string& text) {
  CollectingSink sink;
  Diagnostic diag;
  Result<BootConfig> config =
      BootConfig::Parse(rstd::StringView(text.data(), text.size()), sink, diag);
  return Parsed{rstd::Move(config), std::string(diag.text().data(), diag.text().size()),
                sink.lines};
}

std::string CommandLine(const BootConfig& config) {
  return std::string(config.command_line().data(), config.command_line().size());
}

TEST(BootConfig, DefaultsForAnEmptyFile) {
  for (const char* text : {"", "\n\n", "   \t\n", "# only a comment\n"}) {
    Parsed parsed = Parse(text);
    ASSERT_TRUE(parsed.config.ok()) << parsed.error;
    EXPECT_TRUE(parsed.config->auto_resolution());
    EXPECT_EQ(CommandLine(*parsed.config), "");
    EXPECT_STREQ(parsed.config->command_line_data(), "");
    EXPECT_TRUE(parsed.warnings.empty());
  }
}

TEST(BootConfig, ParsesAFullFile) {
  Parsed parsed = Parse(
      "\xEF\xBB\xBF# RaeenOS boot configuration\r\n"
      "\r\n"
      "  resolution   =  1024x768  \r\n"
      "\t# the kernel command line:\r\n"
      "cmdline = log=debug init=/bin/svcmgr # not a comment = still text\r\n");
  ASSERT_TRUE(parsed.config.ok()) << parsed.error;
  EXPECT_FALSE(parsed.config->auto_resolution());
  EXPECT_EQ(parsed.config->resolution().width, 1024u);
  EXPECT_EQ(parsed.config->resolution().height, 768u);
  EXPECT_EQ(CommandLine(*parsed.config), "log=debug init=/bin/svcmgr # not a comment = still text");
  EXPECT_STREQ(parsed.config->command_line_data(),
               "log=debug init=/bin/svcmgr # not a comment = still text");
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(BootConfig, LastLineWithoutNewline) {
  Parsed parsed = Parse("resolution = 800X600");
  ASSERT_TRUE(parsed.config.ok()) << parsed.error;
  EXPECT_EQ(parsed.config->resolution().width, 800u);
  EXPECT_EQ(parsed.config->resolution().height, 600u);
}

TEST(BootConfig, AutoResolution) {
  Parsed parsed = Parse("resolution = 640x480\nresolution = auto\n");
  ASSERT_TRUE(parsed.config.ok()) << parsed.error;
  EXPECT_TRUE(parsed.config->auto_resolution());
  ASSERT_EQ(parsed.warnings.size(), 1u);  // the repeated key
  EXPECT_NE(parsed.warnings[0].find("line 2"), std::string::npos);
}

TEST(BootConfig, RejectsBadResolutions) {
  for (const char* value : {"1024", "x768", "1024x", "0x768", "1024x0", "16385x100", "99999x1",
                            "1024x768x3", "big", "-1x5", "1024 x 768", "", "0x10"}) {
    Parsed parsed = Parse(std::string("\nresolution = ") + value + "\n");
    EXPECT_FALSE(parsed.config.ok()) << value;
    EXPECT_EQ(parsed.config.status(), Status::kCorrupt) << value;
    EXPECT_NE(parsed.error.find("line 2"), std::string::npos) << parsed.error;
  }
  Parsed largest = Parse("resolution = 16384x16384");
  EXPECT_TRUE(largest.config.ok()) << largest.error;
}

TEST(BootConfig, CommandLineLimit) {
  std::string fits(kCommandLineMax - 1, 'a');
  Parsed ok = Parse("cmdline = " + fits + "\n");
  ASSERT_TRUE(ok.config.ok()) << ok.error;
  EXPECT_EQ(CommandLine(*ok.config), fits);
  EXPECT_EQ(ok.config->command_line_data()[kCommandLineMax - 1], '\0');

  Parsed too_long = Parse("# x\ncmdline = " + fits + "b\n");
  EXPECT_EQ(too_long.config.status(), Status::kOutOfRange);
  EXPECT_NE(too_long.error.find("line 2"), std::string::npos) << too_long.error;
  EXPECT_NE(too_long.error.find("512 bytes"), std::string::npos) << too_long.error;
}

TEST(BootConfig, EmptyCommandLineIsAllowed) {
  Parsed parsed = Parse("cmdline = quiet\ncmdline =\n");
  ASSERT_TRUE(parsed.config.ok()) << parsed.error;
  EXPECT_EQ(CommandLine(*parsed.config), "");
  EXPECT_STREQ(parsed.config->command_line_data(), "");
}

TEST(BootConfig, UnknownKeysAreWarningsWithLineNumbers) {
  Parsed parsed = Parse("resolution = auto\ntimeout = 5\n\nsplash=yes\n");
  ASSERT_TRUE(parsed.config.ok()) << parsed.error;
  ASSERT_EQ(parsed.warnings.size(), 2u);
  EXPECT_NE(parsed.warnings[0].find("line 2"), std::string::npos) << parsed.warnings[0];
  EXPECT_NE(parsed.warnings[0].find("`timeout`"), std::string::npos) << parsed.warnings[0];
  EXPECT_NE(parsed.warnings[1].find("line 4"), std::string::npos) << parsed.warnings[1];
  EXPECT_NE(parsed.warnings[1].find("`splash`"), std::string::npos) << parsed.warnings[1];
}

TEST(BootConfig, MalformedLinesAreErrorsWithLineNumbers) {
  struct Case {
    const char* text;
    const char* needle;
  };
  for (const Case& c : {Case{"cmdline = a\njust some words\n", "line 2: expected `key = value`"},
                        Case{"= 5\n", "line 1: missing key"},
                        Case{"\n\nreso lution = auto\n", "line 3: invalid key"},
                        Case{"res/olution = auto\n", "invalid key"},
                        Case{"cmdline = a\x01"
                             "b\n",
                             "line 1: control character 0x01"},
                        Case{"cmdline = a\rb\n", "control character 0x0d"},
                        Case{"cmdline = a\x7f\n", "control character 0x7f"}}) {
    Parsed parsed = Parse(c.text);
    EXPECT_EQ(parsed.config.status(), Status::kCorrupt) << c.text;
    EXPECT_NE(parsed.error.find(c.needle), std::string::npos) << parsed.error;
  }
}

TEST(BootConfig, NulByteIsRejected) {
  std::string text = "cmdline = a";
  text.push_back('\0');
  text += "b\n";
  Parsed parsed = Parse(text);
  EXPECT_EQ(parsed.config.status(), Status::kCorrupt);
}

}  // namespace
}  // namespace raeen::boot
