#include "services/logd/log_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::logd {
namespace {

struct Seen {
  uint64_t sequence;
  std::string source;
  std::string text;
  uint64_t missed;
};

class LogStoreTest : public ::testing::Test {
 protected:
  explicit LogStoreTest(size_t size = 4096) : bytes_(size), store_(Storage()) {}

  rstd::Span<uint8_t> Storage() { return rstd::Span<uint8_t>(bytes_.data(), bytes_.size()); }

  Result<StoredRecord> Read(uint64_t sequence) {
    return store_.Read(sequence, rstd::Span<char>(source_, sizeof(source_)),
                       rstd::Span<char>(text_, sizeof(text_)));
  }

  // Every record from `from` on, in order.
  std::vector<Seen> ReadAll(uint64_t from = 0) {
    std::vector<Seen> seen;
    for (uint64_t next = from;;) {
      Result<StoredRecord> record = Read(next);
      if (!record.ok()) {
        EXPECT_EQ(record.status(), Status::kNotFound);
        return seen;
      }
      seen.push_back({record->sequence, std::string(record->source.data(), record->source.size()),
                      std::string(record->text.data(), record->text.size()), record->missed});
      next = record->sequence + 1;
    }
  }

  static std::string Text(uint64_t i) { return "record number " + std::to_string(i); }

  std::vector<uint8_t> bytes_;
  LogStore store_;
  char source_[LogStore::kMaxSourceSize];
  char text_[LogStore::kMaxTextSize];
};

TEST_F(LogStoreTest, EmptyStoreHasNothingToRead) {
  EXPECT_EQ(Read(0).status(), Status::kNotFound);
  EXPECT_EQ(store_.first_sequence(), 0u);
  EXPECT_EQ(store_.next_sequence(), 0u);
}

TEST_F(LogStoreTest, KeepsEveryField) {
  EXPECT_EQ(store_.Append(LogLevel::kWarn, 1234, "vfsd", "disk full"), 0u);
  EXPECT_EQ(store_.Append(LogLevel::kError, 5678, "kernel", ""), 1u);
  Result<StoredRecord> first = Read(0);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->sequence, 0u);
  EXPECT_EQ(first->time_ns, 1234u);
  EXPECT_EQ(first->level, LogLevel::kWarn);
  EXPECT_EQ(first->source, "vfsd");
  EXPECT_EQ(first->text, "disk full");
  EXPECT_EQ(first->missed, 0u);
  Result<StoredRecord> second = Read(1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->level, LogLevel::kError);
  EXPECT_EQ(second->source, "kernel");
  EXPECT_TRUE(second->text.empty());
  EXPECT_EQ(Read(2).status(), Status::kNotFound);
}

TEST_F(LogStoreTest, EvictsOldestAndReportsWhatAReaderMissed) {
  for (uint64_t i = 0; i < 500; ++i) store_.Append(LogLevel::kInfo, i, "src", Text(i).c_str());
  ASSERT_GT(store_.first_sequence(), 0u);
  EXPECT_EQ(store_.next_sequence(), 500u);
  EXPECT_LE(store_.used_bytes(), store_.capacity());

  // A reader at 0 gets the oldest kept record and learns how many it lost.
  Result<StoredRecord> oldest = Read(0);
  ASSERT_TRUE(oldest.ok());
  EXPECT_EQ(oldest->sequence, store_.first_sequence());
  EXPECT_EQ(oldest->missed, store_.first_sequence());
  EXPECT_EQ(oldest->text, rstd::StringView(Text(oldest->sequence).c_str()));

  // From there on the records are whole, in order, with nothing missed.
  std::vector<Seen> seen = ReadAll(store_.first_sequence());
  ASSERT_EQ(seen.size(), store_.record_count());
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].sequence, store_.first_sequence() + i);
    EXPECT_EQ(seen[i].text, Text(seen[i].sequence));
    EXPECT_EQ(seen[i].source, "src");
    EXPECT_EQ(seen[i].missed, 0u);
  }
}

TEST_F(LogStoreTest, RecordsThatWrapAroundTheEndReadBackWhole) {
  // Sizes that do not divide the capacity, so records straddle the end again and again.
  for (uint64_t i = 0; i < 2000; ++i) {
    const std::string text(7 + i % 37, static_cast<char>('a' + i % 26));
    store_.Append(LogLevel::kDebug, i, std::string(1 + i % 5, 's').c_str(), text.c_str());
    Result<StoredRecord> back = Read(i);
    ASSERT_TRUE(back.ok()) << i;
    EXPECT_EQ(back->sequence, i);
    EXPECT_EQ(back->time_ns, i);
    EXPECT_EQ(std::string(back->text.data(), back->text.size()), text);
    EXPECT_EQ(back->source.size(), 1 + i % 5);
  }
}

TEST_F(LogStoreTest, CutsLongSourcesAndTexts) {
  const std::string source(100, 's');
  const std::string text(3000, 't');
  store_.Append(LogLevel::kInfo, 0, source.c_str(), text.c_str());
  Result<StoredRecord> back = Read(0);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->source.size(), LogStore::kMaxSourceSize);
  ASSERT_EQ(back->text.size(), LogStore::kMaxTextSize);
  EXPECT_TRUE(back->text.ends_with("..."));
  EXPECT_EQ(back->text[0], 't');
}

TEST_F(LogStoreTest, SmallBuffersGetCutCopies) {
  store_.Append(LogLevel::kInfo, 0, "source", "a longer text");
  char source[3];
  char text[4];
  Result<StoredRecord> back = store_.Read(0, rstd::Span<char>(source, sizeof(source)),
                                          rstd::Span<char>(text, sizeof(text)));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->source, "sou");
  EXPECT_EQ(back->text, "a lo");
}

TEST_F(LogStoreTest, ReadingBackwardsAfterForwardsStillFindsRecords) {
  for (uint64_t i = 0; i < 20; ++i) store_.Append(LogLevel::kInfo, i, "s", Text(i).c_str());
  ASSERT_TRUE(Read(15).ok());
  Result<StoredRecord> earlier = Read(3);  // before the cached position
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->text, rstd::StringView(Text(3).c_str()));
}

class TinyLogStoreTest : public LogStoreTest {
 protected:
  TinyLogStoreTest() : LogStoreTest(LogStore::kMaxRecordSize - 1) {}
};

TEST_F(TinyLogStoreTest, KeepsNothingButCountsEverything) {
  EXPECT_EQ(store_.Append(LogLevel::kInfo, 0, "s", "x"), 0u);
  EXPECT_EQ(store_.Append(LogLevel::kInfo, 0, "s", "y"), 1u);
  EXPECT_EQ(store_.record_count(), 0u);
  EXPECT_EQ(Read(0).status(), Status::kNotFound);
}

class LargestRecordsTest : public LogStoreTest {
 protected:
  LargestRecordsTest() : LogStoreTest(LogStore::kMaxRecordSize) {}
};

TEST_F(LargestRecordsTest, AStoreOfOneLargestRecordKeepsTheLatest) {
  const std::string source(LogStore::kMaxSourceSize, 's');
  for (char c = 'a'; c <= 'e'; ++c) {
    const std::string text(LogStore::kMaxTextSize, c);
    store_.Append(LogLevel::kInfo, 0, source.c_str(), text.c_str());
  }
  EXPECT_EQ(store_.record_count(), 1u);
  Result<StoredRecord> back = Read(0);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->sequence, 4u);
  EXPECT_EQ(back->missed, 4u);
  EXPECT_EQ(back->text[0], 'e');
}

}  // namespace
}  // namespace raeen::logd
