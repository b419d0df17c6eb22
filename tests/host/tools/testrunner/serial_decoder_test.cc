#include "tools/testrunner/serial_decoder.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TEST(SerialDecoder, SplitsLinesAndDropsCarriageReturns) {
  SerialDecoder decoder;
  std::vector<SerialLine> lines;
  decoder.Feed("one\r\ntwo\nthr", 1.5, lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "one");
  EXPECT_EQ(lines[1].text, "two");
  decoder.Feed("ee\r\n", 2.0, lines);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].text, "three");
}

TEST(SerialDecoder, TimestampIsWhenTheLineStarted) {
  SerialDecoder decoder;
  std::vector<SerialLine> lines;
  decoder.Feed("partial", 1.0, lines);
  decoder.Feed(" line\n", 3.0, lines);
  decoder.Feed("next\n", 4.0, lines);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_DOUBLE_EQ(lines[0].seconds, 1.0);
  EXPECT_DOUBLE_EQ(lines[1].seconds, 4.0);
}

TEST(SerialDecoder, StripsEscapesBeforeSplitting) {
  SerialDecoder decoder;
  std::vector<SerialLine> lines;
  decoder.Feed("\x1b[2J\x1b[01;01Hrae-boot: RaeenOS UEFI loader\r\n", 0.5, lines);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "rae-boot: RaeenOS UEFI loader");
}

TEST(SerialDecoder, FlushEmitsTheUnterminatedLine) {
  SerialDecoder decoder;
  std::vector<SerialLine> lines;
  decoder.Feed("last words", 7.0, lines);
  EXPECT_TRUE(lines.empty());
  decoder.Flush(lines);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "last words");
  decoder.Flush(lines);
  EXPECT_EQ(lines.size(), 1u);
}

TEST(SerialDecoder, KeepsEmptyLines) {
  SerialDecoder decoder;
  std::vector<SerialLine> lines;
  decoder.Feed("a\r\n\r\nb\n", 0, lines);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].text, "");
}

}  // namespace
}  // namespace raeen::tools::testrunner
