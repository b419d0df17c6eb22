#include "kernel/log/log_line.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/host/kernel/log/capture_writer.h"

namespace raeen::kernel {
namespace {

std::string Line(uint64_t ns, LogLevel level, rstd::StringView text, bool color = false) {
  testutil::CaptureWriter out;
  LogRecord record;
  record.timestamp_ns = ns;
  record.level = level;
  record.text = text;
  WriteLogLine(out, record, color);
  return out.text();
}

TEST(LogLine, TimestampIsSecondsWithSixDecimalsInTwelveColumns) {
  EXPECT_EQ(Line(4'211'000, LogLevel::kInfo, "RaeenOS 0.1.0 (RaeCore)"),
            "[    0.004211] info: RaeenOS 0.1.0 (RaeCore)\n");
  EXPECT_EQ(Line(12'345'678'000, LogLevel::kInfo, "x"), "[   12.345678] info: x\n");
  EXPECT_EQ(Line(0, LogLevel::kInfo, ""), "[    0.000000] info: \n");
  // Below a microsecond is cut, not rounded.
  EXPECT_EQ(Line(999, LogLevel::kInfo, "x"), "[    0.000000] info: x\n");
  EXPECT_EQ(Line(99'999'999'999'999, LogLevel::kInfo, "x"), "[99999.999999] info: x\n");
  // After ~27 hours the field grows rather than losing digits.
  EXPECT_EQ(Line(123'456'000'001'000, LogLevel::kInfo, "x"), "[123456.000001] info: x\n");
  EXPECT_EQ(Line(UINT64_MAX, LogLevel::kInfo, "x"), "[18446744073.709551] info: x\n");
}

TEST(LogLine, LevelNames) {
  EXPECT_EQ(Line(0, LogLevel::kDebug, "m"), "[    0.000000] debug: m\n");
  EXPECT_EQ(Line(0, LogLevel::kInfo, "m"), "[    0.000000] info: m\n");
  EXPECT_EQ(Line(0, LogLevel::kWarn, "m"), "[    0.000000] warn: m\n");
  EXPECT_EQ(Line(0, LogLevel::kError, "m"), "[    0.000000] error: m\n");
  EXPECT_EQ(LogLevelName(static_cast<LogLevel>(9)), "?");
}

TEST(LogLine, WarnAndErrorAreColouredOnlyWhenAsked) {
  EXPECT_EQ(Line(0, LogLevel::kWarn, "m", true), "[    0.000000] \x1b[33mwarn\x1b[0m: m\n");
  EXPECT_EQ(Line(0, LogLevel::kError, "m", true), "[    0.000000] \x1b[91merror\x1b[0m: m\n");
  EXPECT_EQ(Line(0, LogLevel::kInfo, "m", true), "[    0.000000] info: m\n");
  EXPECT_EQ(Line(0, LogLevel::kDebug, "m", true), "[    0.000000] debug: m\n");
}

TEST(LogLine, PrefixAlone) {
  testutil::CaptureWriter out;
  WriteLogPrefix(out, 1'500'000'000, LogLevel::kWarn, false);
  EXPECT_EQ(out.text(), "[    1.500000] warn: ");
}

}  // namespace
}  // namespace raeen::kernel
