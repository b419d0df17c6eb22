#include "kernel/log/log_ring.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

struct Stored {
  uint64_t sequence;
  uint64_t timestamp_ns;
  LogLevel level;
  std::string text;
};

// Reads every kept record, in order, starting from `from`.
std::vector<Stored> ReadAll(const LogRing& ring, uint64_t from = 0) {
  std::vector<Stored> out;
  char buffer[70000];
  for (uint64_t next = from;;) {
    Result<LogRing::ReadResult> read = ring.Read(next, rstd::Span<char>(buffer));
    if (!read.ok()) {
      EXPECT_EQ(read.status(), Status::kNotFound);
      break;
    }
    const LogRecord& r = read->record;
    out.push_back({r.sequence, r.timestamp_ns, r.level, std::string(r.text.data(), r.text.size())});
    next = r.sequence + 1;
  }
  return out;
}

TEST(LogRing, EmptyRingHasNothingToRead) {
  std::vector<uint8_t> storage(256);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  char buffer[16];
  EXPECT_EQ(ring.Read(0, rstd::Span<char>(buffer)).status(), Status::kNotFound);
  EXPECT_EQ(ring.first_sequence(), 0u);
  EXPECT_EQ(ring.next_sequence(), 0u);
  EXPECT_EQ(ring.record_count(), 0u);
  EXPECT_EQ(ring.used_bytes(), 0u);
}

TEST(LogRing, AppendsAndReadsBackInOrder) {
  std::vector<uint8_t> storage(256);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  EXPECT_EQ(ring.Append(LogLevel::kInfo, 1000, "first"), 0u);
  EXPECT_EQ(ring.Append(LogLevel::kError, 0xfedcba9876543210, "second"), 1u);
  EXPECT_EQ(ring.Append(LogLevel::kDebug, 3000, ""), 2u);
  EXPECT_EQ(ring.used_bytes(), 3 * LogRing::kHeaderSize + 11);

  std::vector<Stored> all = ReadAll(ring);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].text, "first");
  EXPECT_EQ(all[0].level, LogLevel::kInfo);
  EXPECT_EQ(all[0].timestamp_ns, 1000u);
  EXPECT_EQ(all[1].text, "second");
  EXPECT_EQ(all[1].level, LogLevel::kError);
  EXPECT_EQ(all[1].timestamp_ns, 0xfedcba9876543210u);
  EXPECT_EQ(all[2].text, "");
  EXPECT_EQ(all[2].sequence, 2u);

  // Reading a single record out of order works too.
  char buffer[16];
  Result<LogRing::ReadResult> read = ring.Read(1, rstd::Span<char>(buffer));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->record.text, "second");
  EXPECT_EQ(read->missed, 0u);
  EXPECT_EQ(ring.Read(3, rstd::Span<char>(buffer)).status(), Status::kNotFound);
}

TEST(LogRing, EvictsExactlyTheOldestWholeRecords) {
  // Four 16-byte records fill 64 bytes exactly.
  std::vector<uint8_t> storage(64);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  for (int i = 0; i < 4; ++i)
    (void)ring.Append(LogLevel::kInfo, i, std::string(4, 'a' + i).c_str());
  EXPECT_EQ(ring.used_bytes(), 64u);
  EXPECT_EQ(ring.first_sequence(), 0u);

  // One more 16-byte record evicts exactly one.
  (void)ring.Append(LogLevel::kInfo, 4, "eeee");
  EXPECT_EQ(ring.first_sequence(), 1u);
  EXPECT_EQ(ring.record_count(), 4u);

  // A 40-byte record needs room of three of them.
  (void)ring.Append(LogLevel::kWarn, 5, std::string(28, 'f').c_str());
  EXPECT_EQ(ring.first_sequence(), 4u);
  std::vector<Stored> all = ReadAll(ring);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "eeee");
  EXPECT_EQ(all[1].text, std::string(28, 'f'));
  EXPECT_EQ(ring.used_bytes(), 56u);
}

TEST(LogRing, RecordsStraddlingTheEndReadBackIntact) {
  std::vector<uint8_t> storage(50);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  // 16-byte records: the fourth starts at offset 48 and wraps inside its header; later ones
  // wrap inside their text.
  for (int i = 0; i < 12; ++i) {
    std::string text = std::string(4, static_cast<char>('a' + i));
    (void)ring.Append(LogLevel::kInfo, 0x0102030405060708ull * i, text.c_str());
    std::vector<Stored> all = ReadAll(ring);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back().text, text);
    EXPECT_EQ(all.back().timestamp_ns, 0x0102030405060708ull * i);
    EXPECT_EQ(all.back().sequence, static_cast<uint64_t>(i));
  }
}

TEST(LogRing, ReaderLearnsHowManyRecordsItMissed) {
  std::vector<uint8_t> storage(64);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  for (int i = 0; i < 10; ++i) (void)ring.Append(LogLevel::kInfo, i, "abcd");
  ASSERT_EQ(ring.first_sequence(), 6u);
  char buffer[8];
  Result<LogRing::ReadResult> read = ring.Read(2, rstd::Span<char>(buffer));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->missed, 4u);
  EXPECT_EQ(read->record.sequence, 6u);
  Result<LogRing::ReadResult> current = ring.Read(7, rstd::Span<char>(buffer));
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->missed, 0u);
  EXPECT_EQ(current->record.timestamp_ns, 7u);
}

TEST(LogRing, OversizedRecordIsTruncatedWithMarker) {
  std::vector<uint8_t> storage(32);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  (void)ring.Append(LogLevel::kInfo, 0, "keep me");
  std::string long_text(100, 'x');
  long_text[0] = 'S';
  (void)ring.Append(LogLevel::kError, 1, long_text.c_str());
  std::vector<Stored> all = ReadAll(ring);
  ASSERT_EQ(all.size(), 1u);  // the new record fills the whole ring
  EXPECT_EQ(all[0].text, "S" + std::string(16, 'x') + "...");
  EXPECT_EQ(ring.used_bytes(), 32u);
}

TEST(LogRing, TextLongerThanTheLengthFieldIsTruncated) {
  std::vector<uint8_t> storage(100000);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  std::string huge(70000, 'y');
  (void)ring.Append(LogLevel::kInfo, 0, rstd::StringView(huge.data(), huge.size()));
  std::vector<Stored> all = ReadAll(ring);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].text.size(), LogRing::kMaxTextSize);
  EXPECT_EQ(all[0].text.substr(all[0].text.size() - 4), "y...");
}

TEST(LogRing, SmallReadBufferCutsTheText) {
  std::vector<uint8_t> storage(128);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  (void)ring.Append(LogLevel::kInfo, 0, "0123456789");
  char buffer[4];
  Result<LogRing::ReadResult> read = ring.Read(0, rstd::Span<char>(buffer));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->record.text, "0123");
  EXPECT_TRUE(read->text_truncated);
  Result<LogRing::ReadResult> no_buffer = ring.Read(0, rstd::Span<char>());
  ASSERT_TRUE(no_buffer.ok());
  EXPECT_TRUE(no_buffer->record.text.empty());
}

TEST(LogRing, StorageTooSmallForAnyRecordKeepsNothing) {
  std::vector<uint8_t> storage(LogRing::kHeaderSize);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  EXPECT_EQ(ring.Append(LogLevel::kInfo, 0, "x"), 0u);
  EXPECT_EQ(ring.Append(LogLevel::kInfo, 0, ""), 1u);
  EXPECT_EQ(ring.record_count(), 0u);
  char buffer[4];
  EXPECT_EQ(ring.Read(0, rstd::Span<char>(buffer)).status(), Status::kNotFound);

  LogRing none{rstd::Span<uint8_t>()};
  EXPECT_EQ(none.Append(LogLevel::kWarn, 0, "x"), 0u);
  EXPECT_EQ(none.Read(0, rstd::Span<char>(buffer)).status(), Status::kNotFound);
}

TEST(LogRing, MatchesAModelUnderRandomAppends) {
  constexpr size_t kCapacity = 300;
  std::vector<uint8_t> storage(kCapacity);
  LogRing ring(rstd::Span<uint8_t>(storage.data(), storage.size()));
  std::deque<Stored> model;
  size_t model_bytes = 0;
  std::mt19937 random(7);
  for (uint64_t i = 0; i < 2000; ++i) {
    std::string text(random() % 80, static_cast<char>('a' + i % 26));
    auto level = static_cast<LogLevel>(random() % 4);
    EXPECT_EQ(ring.Append(level, i * 1000, rstd::StringView(text.data(), text.size())), i);
    model.push_back({i, i * 1000, level, text});
    model_bytes += LogRing::kHeaderSize + text.size();
    while (model_bytes > kCapacity) {
      model_bytes -= LogRing::kHeaderSize + model.front().text.size();
      model.pop_front();
    }
    ASSERT_EQ(ring.first_sequence(), model.front().sequence);
    ASSERT_EQ(ring.used_bytes(), model_bytes);
    if (i % 7 == 0) {
      std::vector<Stored> all = ReadAll(ring, random() % (i + 1));
      std::vector<Stored> expected;
      for (const Stored& s : model) expected.push_back(s);
      ASSERT_LE(all.size(), expected.size());
      // ReadAll started somewhere at or before the newest record.
      size_t skip = expected.size() - all.size();
      for (size_t k = 0; k < all.size(); ++k) {
        ASSERT_EQ(all[k].sequence, expected[k + skip].sequence);
        ASSERT_EQ(all[k].text, expected[k + skip].text);
        ASSERT_EQ(all[k].level, expected[k + skip].level);
        ASSERT_EQ(all[k].timestamp_ns, expected[k + skip].timestamp_ns);
      }
    }
  }
}

}  // namespace
}  // namespace raeen::kernel
