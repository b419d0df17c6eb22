#include "kernel/log/logger.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel/log/log_line.h"
#include "tests/host/kernel/log/capture_writer.h"

namespace raeen::kernel {
namespace {

using testutil::CaptureWriter;

uint64_t g_now_ns = 0;
uint64_t FakeClock() {
  return g_now_ns;
}

class LoggerTest : public ::testing::Test {
 protected:
  LoggerTest() : logger_(rstd::Span<uint8_t>(storage_.data(), storage_.size())) {
    g_now_ns = 0;
    logger_.SetClock(&FakeClock);
  }

  // The ring's records rendered in the line format.
  std::string RingText(bool color, uint64_t from = 0) {
    CaptureWriter out;
    char buffer[Logger::kMessageCapacity];
    for (uint64_t next = from;;) {
      Result<LogRing::ReadResult> read = logger_.Read(next, rstd::Span<char>(buffer));
      if (!read.ok()) break;
      WriteLogLine(out, read->record, color);
      next = read->record.sequence + 1;
    }
    return out.text();
  }

  std::vector<uint8_t> storage_ = std::vector<uint8_t>(16 * 1024);
  Logger logger_;
};

TEST_F(LoggerTest, FormatsTimestampsAndWritesOneLine) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  g_now_ns = 1'500'000'000;
  logger_.Log(LogLevel::kInfo, "memory: {} MiB usable", 512);
  EXPECT_EQ(sink.text(), "[    1.500000] info: memory: 512 MiB usable\n");
}

TEST_F(LoggerTest, DefaultClockIsZero) {
  Logger logger(rstd::Span<uint8_t>(storage_.data(), storage_.size()));
  CaptureWriter sink;
  ASSERT_TRUE(logger.AddSink(sink, false).ok());
  logger.Log(LogLevel::kWarn, "no clock yet");
  logger.SetClock(&FakeClock);
  g_now_ns = 2'000'000;
  logger.Log(LogLevel::kWarn, "clock");
  logger.SetClock(nullptr);
  logger.Log(LogLevel::kWarn, "back to none");
  EXPECT_EQ(sink.text(),
            "[    0.000000] warn: no clock yet\n"
            "[    0.002000] warn: clock\n"
            "[    0.000000] warn: back to none\n");
}

TEST_F(LoggerTest, MinimumLevelDropsLowerRecordsEverywhere) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  EXPECT_EQ(logger_.minimum_level(), LogLevel::kDebug);
  logger_.SetMinimumLevel(LogLevel::kWarn);
  EXPECT_FALSE(logger_.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(logger_.Enabled(LogLevel::kError));
  logger_.Log(LogLevel::kDebug, "d");
  logger_.Log(LogLevel::kInfo, "i");
  logger_.Log(LogLevel::kWarn, "w");
  logger_.Log(LogLevel::kError, "e");
  EXPECT_EQ(sink.text(), "[    0.000000] warn: w\n[    0.000000] error: e\n");
  EXPECT_EQ(RingText(false), sink.text());
}

TEST_F(LoggerTest, LongMessagesAreTruncatedWithMarker) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  std::string long_text(1000, 'x');
  logger_.Log(LogLevel::kInfo, "{}", long_text.c_str());
  std::string expected_text = std::string(Logger::kMessageCapacity - 4, 'x') + "...";
  EXPECT_EQ(sink.text(), "[    0.000000] info: " + expected_text + "\n");
  EXPECT_EQ(RingText(false), sink.text());
}

TEST_F(LoggerTest, TruncationNeverSplitsAUtf8Character) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  std::string accents;
  for (int i = 0; i < 400; ++i) accents += "\xc3\xa9";  // 800 bytes of U+00E9
  logger_.Log(LogLevel::kInfo, "{}", accents.c_str());
  std::string prefix = "[    0.000000] info: ";
  std::string text = sink.text().substr(prefix.size());
  ASSERT_EQ(text.substr(text.size() - 4), "...\n");
  std::string body = text.substr(0, text.size() - 4);
  EXPECT_EQ(body.size() % 2, 0u);
  EXPECT_EQ(body, accents.substr(0, body.size()));
  EXPECT_GE(body.size(), Logger::kMessageCapacity - 6);
}

TEST_F(LoggerTest, ExactlyFullMessageIsNotTruncated) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  std::string fits(Logger::kMessageCapacity - 1, 'z');
  logger_.Log(LogLevel::kInfo, "{}", fits.c_str());
  EXPECT_EQ(sink.text(), "[    0.000000] info: " + fits + "\n");
}

TEST_F(LoggerTest, OneTrailingNewlineIsDropped) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  logger_.Log(LogLevel::kInfo, "line\n");
  logger_.Log(LogLevel::kInfo, "two\n\n");
  EXPECT_EQ(sink.text(), "[    0.000000] info: line\n[    0.000000] info: two\n\n");
}

TEST_F(LoggerTest, SinksReceiveExactlyWhatTheRingStores) {
  CaptureWriter plain;
  CaptureWriter colored;
  ASSERT_TRUE(logger_.AddSink(plain, false).ok());
  ASSERT_TRUE(logger_.AddSink(colored, true).ok());
  const LogLevel levels[] = {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError};
  for (int i = 0; i < 40; ++i) {
    g_now_ns += 123'456'789;
    logger_.Log(levels[i % 4], "record {} of {}: {:#x}", i, 40, i * 4096);
  }
  EXPECT_EQ(plain.text(), RingText(false));
  EXPECT_EQ(colored.text(), RingText(true));
  EXPECT_NE(plain.text(), colored.text());
  EXPECT_NE(colored.text().find("\x1b[91merror\x1b[0m: record 3 of 40: 0x3000\n"),
            std::string::npos);

  CaptureWriter late;
  logger_.Replay(late, true);
  EXPECT_EQ(late.text(), colored.text());
}

TEST_F(LoggerTest, ReplayShowsOnlyWhatTheRingStillHolds) {
  std::vector<uint8_t> small(600);
  Logger logger(rstd::Span<uint8_t>(small.data(), small.size()));
  CaptureWriter sink;
  ASSERT_TRUE(logger.AddSink(sink, false).ok());
  for (int i = 0; i < 100; ++i) logger.Log(LogLevel::kInfo, "message number {}", i);
  CaptureWriter replay;
  logger.Replay(replay, false);
  ASSERT_FALSE(replay.text().empty());
  EXPECT_LT(replay.text().size(), sink.text().size());
  // The replay is the tail of what the sink saw.
  EXPECT_EQ(sink.text().substr(sink.text().size() - replay.text().size()), replay.text());
  const std::string last = "[    0.000000] info: message number 99\n";
  EXPECT_EQ(replay.text().substr(replay.text().size() - last.size()), last);
}

TEST_F(LoggerTest, RawGoesToSinksUnchangedAndNotToTheRing) {
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, true).ok());
  logger_.Raw("PANIC: no prefix");
  EXPECT_EQ(sink.text(), "PANIC: no prefix");
  char buffer[8];
  EXPECT_EQ(logger_.Read(0, rstd::Span<char>(buffer)).status(), Status::kNotFound);
}

TEST_F(LoggerTest, SinkRegistration) {
  CaptureWriter sinks[Logger::kMaxSinks + 1];
  for (size_t i = 0; i < Logger::kMaxSinks; ++i) {
    ASSERT_TRUE(logger_.AddSink(sinks[i], false).ok());
  }
  EXPECT_EQ(logger_.AddSink(sinks[0], true).status(), Status::kAlreadyExists);
  EXPECT_EQ(logger_.AddSink(sinks[Logger::kMaxSinks], false).status(), Status::kNoMemory);
  ASSERT_TRUE(logger_.RemoveSink(sinks[1]).ok());
  EXPECT_EQ(logger_.RemoveSink(sinks[1]).status(), Status::kNotFound);
  ASSERT_TRUE(logger_.AddSink(sinks[Logger::kMaxSinks], false).ok());

  logger_.Log(LogLevel::kInfo, "hello");
  EXPECT_TRUE(sinks[1].text().empty());
  for (size_t i : {size_t{0}, size_t{2}, size_t{3}, Logger::kMaxSinks}) {
    EXPECT_EQ(sinks[i].text(), "[    0.000000] info: hello\n") << i;
  }
}

TEST_F(LoggerTest, RecordsWithoutSinksAreKept) {
  logger_.Log(LogLevel::kInfo, "early {}", 1);
  logger_.Log(LogLevel::kInfo, "early {}", 2);
  CaptureWriter sink;
  logger_.Replay(sink, false);
  EXPECT_EQ(sink.text(), "[    0.000000] info: early 1\n[    0.000000] info: early 2\n");
}

int g_disable_calls = 0;
int g_restore_calls = 0;
uint64_t g_restored_state = 0;
uint64_t FakeSaveAndDisable() {
  ++g_disable_calls;
  return 0x202;  // RFLAGS with IF set
}
void FakeRestore(uint64_t state) {
  ++g_restore_calls;
  g_restored_state = state;
}

TEST_F(LoggerTest, InterruptsAreDisabledAroundEachRecord) {
  g_disable_calls = g_restore_calls = 0;
  logger_.SetInterruptControl({&FakeSaveAndDisable, &FakeRestore});
  CaptureWriter sink;
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  int before = g_disable_calls;
  logger_.Log(LogLevel::kInfo, "x");
  logger_.Raw("y");
  EXPECT_EQ(g_disable_calls - before, 2);
  EXPECT_EQ(g_restore_calls, g_disable_calls);
  EXPECT_EQ(g_restored_state, 0x202u);
  logger_.SetInterruptControl({});
}

// A sink that panics while the log lock is held, as a faulting framebuffer write would.
class PanickingSink final : public rstd::Writer {
 public:
  explicit PanickingSink(Logger& logger) : logger_(logger) {}
  void Write(rstd::StringView text) override {
    text_.append(text.data(), text.size());
    if (panicked_) return;
    panicked_ = true;
    logger_.EnterPanicMode();
    logger_.Raw("\nKERNEL PANIC\n");  // would deadlock without panic mode
  }
  const std::string& text() const { return text_; }

 private:
  Logger& logger_;
  bool panicked_ = false;
  std::string text_;
};

TEST_F(LoggerTest, PanicModeBypassesAHeldLock) {
  PanickingSink sink(logger_);
  ASSERT_TRUE(logger_.AddSink(sink, false).ok());
  logger_.Log(LogLevel::kInfo, "about to fail");
  EXPECT_TRUE(logger_.panic_mode());
  // The panic report landed in the middle of the line being written, which then completed.
  EXPECT_NE(sink.text().find("\nKERNEL PANIC\n"), std::string::npos);
  EXPECT_NE(sink.text().find("info: about to fail\n"), std::string::npos);
  // Logging keeps working (lock-free) afterwards.
  logger_.Log(LogLevel::kError, "after");
  EXPECT_NE(sink.text().find("error: after\n"), std::string::npos);
}

}  // namespace
}  // namespace raeen::kernel
