#include "kernel/log/log_read.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

uint64_t g_now_ns = 0;
uint64_t FakeClock() {
  return g_now_ns;
}

class LogReadTest : public ::testing::Test {
 protected:
  explicit LogReadTest(size_t ring_size = 4096)
      : storage_(ring_size), logger_(rstd::Span<uint8_t>(storage_.data(), storage_.size())) {
    g_now_ns = 0;
    logger_.SetClock(&FakeClock);
  }

  Result<LogReadResult> Read(uint64_t sequence) {
    return ReadLogRecord(logger_, sequence, rstd::Span<char>(text_, sizeof(text_)));
  }

  std::vector<uint8_t> storage_;
  Logger logger_;
  char text_[kLogReadTextCapacity];
};

TEST_F(LogReadTest, ReportsTheRecordAsTheAbiHeader) {
  g_now_ns = 12345;
  logger_.Log(LogLevel::kWarn, "disk {} is {}", 2, "gone");
  Result<LogReadResult> read = Read(0);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->header.sequence, 0u);
  EXPECT_EQ(read->header.timestamp_ns, 12345u);
  EXPECT_EQ(read->header.missed, 0u);
  EXPECT_EQ(read->header.level, 2u);
  EXPECT_EQ(read->header.text_size, 14u);
  EXPECT_EQ(read->text, "disk 2 is gone");
}

TEST_F(LogReadTest, NotFoundAtTheEnd) {
  EXPECT_EQ(Read(0).status(), Status::kNotFound);
  logger_.Log(LogLevel::kInfo, "one");
  EXPECT_TRUE(Read(0).ok());
  EXPECT_EQ(Read(1).status(), Status::kNotFound);
  EXPECT_EQ(Read(~uint64_t{0}).status(), Status::kNotFound);
}

TEST_F(LogReadTest, AReaderBehindTheRingGetsTheOldestAndTheCountItLost) {
  for (int i = 0; i < 300; ++i) logger_.Log(LogLevel::kInfo, "message number {}", i);
  Result<LogReadResult> read = Read(5);
  ASSERT_TRUE(read.ok());
  const uint64_t oldest = read->header.sequence;
  EXPECT_GT(oldest, 5u);
  EXPECT_EQ(read->header.missed, oldest - 5);
  EXPECT_EQ(read->text, rstd::StringView(("message number " + std::to_string(oldest)).c_str()));
  // Walking on from the oldest: consecutive, nothing more missed, up to the newest.
  uint64_t next = oldest + 1;
  for (;; ++next) {
    Result<LogReadResult> more = Read(next);
    if (!more.ok()) break;
    EXPECT_EQ(more->header.sequence, next);
    EXPECT_EQ(more->header.missed, 0u);
  }
  EXPECT_EQ(next, 300u);
}

TEST_F(LogReadTest, TheLargestMessageFitsTheTextCapacity) {
  const std::string huge(2000, 'x');
  logger_.Log(LogLevel::kError, "{}", huge.c_str());
  Result<LogReadResult> read = Read(0);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->header.text_size, Logger::kMessageCapacity - 1);
  EXPECT_TRUE(read->text.ends_with("..."));
}

TEST_F(LogReadTest, ASmallerBufferIsBufferTooSmall) {
  logger_.Log(LogLevel::kInfo, "twelve bytes");
  char small[4];
  EXPECT_EQ(ReadLogRecord(logger_, 0, rstd::Span<char>(small, sizeof(small))).status(),
            Status::kBufferTooSmall);
  char exact[12];
  EXPECT_TRUE(ReadLogRecord(logger_, 0, rstd::Span<char>(exact, sizeof(exact))).ok());
}

}  // namespace
}  // namespace raeen::kernel
