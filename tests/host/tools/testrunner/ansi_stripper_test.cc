#include "tools/testrunner/ansi_stripper.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::tools::testrunner {
namespace {

TEST(AnsiStripper, KeepsPlainTextAndLineControls) {
  EXPECT_EQ(AnsiStripper::Strip("hello\tworld\r\n"), "hello\tworld\r\n");
}

TEST(AnsiStripper, RemovesOvmfConsoleSequences) {
  // The start of OVMF's serial console output, as captured from QEMU 7.2.
  const std::string raw =
      "\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J\x1b[01;01HBdsDxe: loading Boot0001\r\n"
      "\x1b[1m\x1b[33m\x1b[40mMapping table\x1b[0m\x1b[37m\x1b[40m\r\n";
  EXPECT_EQ(AnsiStripper::Strip(raw), "BdsDxe: loading Boot0001\r\nMapping table\r\n");
}

TEST(AnsiStripper, HandlesSequencesSplitAcrossFeeds) {
  AnsiStripper stripper;
  std::string out;
  for (const char* part : {"ab\x1b", "[", "01;", "0", "1Hcd\x1b", "]0;title", "\x07", "ef"}) {
    stripper.Feed(part, out);
  }
  EXPECT_EQ(out, "abcdef");
}

TEST(AnsiStripper, RemovesOscTerminatedByStringTerminator) {
  EXPECT_EQ(AnsiStripper::Strip("a\x1b]2;window\x1b\\b"), "ab");
}

TEST(AnsiStripper, UnterminatedOscEndsAtNewline) {
  EXPECT_EQ(AnsiStripper::Strip("a\x1b]2;runaway\nnext line\n"), "a\nnext line\n");
}

TEST(AnsiStripper, RemovesCharsetAndTwoByteEscapes) {
  EXPECT_EQ(AnsiStripper::Strip("\x1b(Bx\x1b=y\x1b"
                                "7z"),
            "xyz");
}

TEST(AnsiStripper, DropsOtherControlCharacters) {
  EXPECT_EQ(AnsiStripper::Strip(std::string("a\0b\x07"
                                            "c\x08\x7f"
                                            "d",
                                            8)),
            "abcd");
}

TEST(AnsiStripper, KeepsUtf8) {
  EXPECT_EQ(AnsiStripper::Strip("µs \xe2\x9c\x93"), "µs \xe2\x9c\x93");
}

TEST(AnsiStripper, AbortedCsiKeepsTheNewline) {
  EXPECT_EQ(AnsiStripper::Strip("a\x1b[12\nb"), "a\nb");
}

}  // namespace
}  // namespace raeen::tools::testrunner
