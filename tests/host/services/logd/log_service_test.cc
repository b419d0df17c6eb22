#include "services/logd/log_service.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace raeen::logd {
namespace {

namespace wire = protocol::log;

uint64_t g_now_ns = 0;
uint64_t FakeClock() {
  return g_now_ns;
}

// A kernel log with a fixed window of kept records: [first_, records_.size()).
class FakeKernelLog final : public KernelLogReader {
 public:
  struct Entry {
    uint64_t time_ns;
    uint32_t level;
    std::string text;
  };

  void Add(uint32_t level, std::string text) {
    records_.push_back({g_now_ns, level, std::move(text)});
  }
  // Forgets everything before `first`, as an overwritten ring would.
  void Overwrite(uint64_t first) { first_ = first; }
  void Fail(Status status) { fail_ = status; }

  Result<Record> Read(uint64_t sequence, rstd::Span<char> text_buffer) override {
    ++reads_;
    if (fail_ != Status::kOk) return Error(fail_);
    Record record{};
    if (sequence < first_) {
      record.header.missed = first_ - sequence;
      sequence = first_;
    }
    if (sequence >= records_.size()) return Error(Status::kNotFound);
    const Entry& entry = records_[sequence];
    if (entry.text.size() > text_buffer.size()) return Error(Status::kBufferTooSmall);
    std::copy(entry.text.begin(), entry.text.end(), text_buffer.data());
    record.header.sequence = sequence;
    record.header.timestamp_ns = entry.time_ns;
    record.header.level = entry.level;
    record.header.text_size = static_cast<uint32_t>(entry.text.size());
    record.text = rstd::StringView(text_buffer.data(), entry.text.size());
    return record;
  }

  int reads_ = 0;

 private:
  std::vector<Entry> records_;
  uint64_t first_ = 0;
  Status fail_ = Status::kOk;
};

struct Row {
  uint64_t sequence;
  wire::LogLevel level;
  std::string source;
  std::string text;
  uint64_t missed;
};

class LogServiceTest : public ::testing::Test {
 protected:
  LogServiceTest()
      : store_(rstd::Span<uint8_t>(storage_.data(), storage_.size())),
        service_(store_, &kernel_, &FakeClock) {
    g_now_ns = 1000;
  }

  template <typename Request>
  std::vector<uint8_t> Encoded(const Request& request, uint32_t transaction) {
    std::vector<uint8_t> bytes(Request::kMaxBytes);
    Result<ridl::Encoded> encoded =
        wire::Encode(request, transaction, rstd::Span<uint8_t>(bytes.data(), bytes.size()),
                     rstd::Span<uint32_t>());
    EXPECT_TRUE(encoded.ok());
    bytes.resize(encoded.ok() ? encoded->bytes : 0);
    return bytes;
  }

  // Hands `request` to the service; the reply's bytes (empty if it was dropped).
  std::vector<uint8_t> Send(const std::vector<uint8_t>& request,
                            rstd::Span<const sys::HandleInfo> handles = {}, bool reader = true) {
    std::vector<uint8_t> reply(LogService::kMaxReplyBytes);
    Result<size_t> size =
        service_.Handle(rstd::Bytes(request.data(), request.size()), handles,
                        rstd::Span<uint8_t>(reply.data(), reply.size()), reader);
    if (!size.ok()) {
      EXPECT_EQ(size.status(), Status::kCorrupt);
      return {};
    }
    reply.resize(*size);
    return reply;
  }

  // A write through the protocol; its reply's status and sequence.
  std::pair<Status, uint64_t> Write(wire::LogLevel level, std::string source, std::string text,
                                    uint32_t transaction = 7) {
    reply_ = Send(Encoded(wire::WriteRequest{level, source.c_str(), text.c_str()}, transaction));
    Result<wire::WriteReply> reply = wire::DecodeWriteReply(
        rstd::Bytes(reply_.data(), reply_.size()), rstd::Span<const sys::HandleInfo>());
    EXPECT_TRUE(reply.ok());
    if (!reply.ok()) return {Status::kCorrupt, 0};
    EXPECT_EQ(ridl::PeekHeader(rstd::Bytes(reply_.data(), reply_.size()))->transaction_id,
              transaction);
    return {static_cast<Status>(reply->status), reply->sequence};
  }

  // A read through the protocol: its status and, with ok, the record.
  std::pair<Status, Row> Read(uint64_t from, bool reader = true) {
    reply_ = Send(Encoded(wire::ReadRequest{from}, 9), {}, reader);
    Result<wire::ReadReply> reply = wire::DecodeReadReply(rstd::Bytes(reply_.data(), reply_.size()),
                                                          rstd::Span<const sys::HandleInfo>());
    EXPECT_TRUE(reply.ok());
    if (!reply.ok()) return {Status::kCorrupt, {}};
    return {
        static_cast<Status>(reply->status),
        Row{reply->sequence, reply->level, std::string(reply->source.data(), reply->source.size()),
            std::string(reply->text.data(), reply->text.size()), reply->missed}};
  }

  std::vector<Row> ReadAll() {
    std::vector<Row> rows;
    for (uint64_t next = 0;;) {
      auto [status, row] = Read(next);
      if (status != Status::kOk) {
        EXPECT_EQ(status, Status::kNotFound);
        return rows;
      }
      rows.push_back(row);
      next = row.sequence + 1;
    }
  }

  std::vector<uint8_t> storage_ = std::vector<uint8_t>(16 * 1024);
  FakeKernelLog kernel_;
  LogStore store_;
  LogService service_;
  std::vector<uint8_t> reply_;
};

TEST_F(LogServiceTest, OnlyReadersMayRead) {
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "svc", "kaslr: kernel base 0x...").first, Status::kOk);
  EXPECT_EQ(Read(0, /*reader=*/false).first, Status::kAccessDenied);
  EXPECT_EQ(Read(0, /*reader=*/true).first, Status::kOk);
}

TEST_F(LogServiceTest, EmptyLogReadsNotFound) {
  EXPECT_EQ(Read(0).first, Status::kNotFound);
}

TEST_F(LogServiceTest, KernelRecordsAndWritesShareOneSequenceInOrder) {
  kernel_.Add(1, "RaeenOS kernel booting");
  kernel_.Add(2, "acpi: no HPET");
  auto [status, sequence] = Write(wire::LogLevel::kError, "vfsd", "disk gone");
  EXPECT_EQ(status, Status::kOk);
  EXPECT_EQ(sequence, 2u);  // after the two kernel records pulled first
  kernel_.Add(0, "[hello] hi");

  std::vector<Row> rows = ReadAll();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].source, "kernel");
  EXPECT_EQ(rows[0].text, "RaeenOS kernel booting");
  EXPECT_EQ(rows[0].level, wire::LogLevel::kInfo);
  EXPECT_EQ(rows[1].level, wire::LogLevel::kWarn);
  EXPECT_EQ(rows[2].source, "vfsd");
  EXPECT_EQ(rows[2].text, "disk gone");
  EXPECT_EQ(rows[2].level, wire::LogLevel::kError);
  EXPECT_EQ(rows[3].text, "[hello] hi");
  EXPECT_EQ(rows[3].level, wire::LogLevel::kDebug);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].sequence, i);
    EXPECT_EQ(rows[i].missed, 0u);
  }
  EXPECT_EQ(service_.kernel_records(), 3u);
  EXPECT_EQ(service_.written_records(), 1u);
}

TEST_F(LogServiceTest, WrittenRecordsAreTimestampedByTheClock) {
  g_now_ns = 424242;
  ASSERT_EQ(Write(wire::LogLevel::kInfo, "svc", "x").first, Status::kOk);
  char source[LogStore::kMaxSourceSize];
  char text[LogStore::kMaxTextSize];
  Result<StoredRecord> stored = store_.Read(0, rstd::Span<char>(source, sizeof(source)),
                                            rstd::Span<char>(text, sizeof(text)));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->time_ns, 424242u);
}

TEST_F(LogServiceTest, LostKernelRecordsBecomeOneWarningOfLogds) {
  for (int i = 0; i < 10; ++i) kernel_.Add(1, "line " + std::to_string(i));
  kernel_.Overwrite(6);  // the kernel's ring dropped 0..5 before logd looked
  ASSERT_TRUE(service_.PullKernel().ok());
  std::vector<Row> rows = ReadAll();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].source, "logd");
  EXPECT_EQ(rows[0].level, wire::LogLevel::kWarn);
  EXPECT_EQ(rows[0].text, "6 kernel log records were overwritten before logd read them");
  EXPECT_EQ(rows[1].text, "line 6");
  EXPECT_EQ(rows[4].text, "line 9");
  EXPECT_EQ(service_.next_kernel_sequence(), 10u);
}

TEST_F(LogServiceTest, PullsOnlyWhatIsNew) {
  kernel_.Add(1, "a");
  EXPECT_EQ(*service_.PullKernel(), 1u);
  EXPECT_EQ(*service_.PullKernel(), 0u);
  kernel_.Add(1, "b");
  kernel_.Add(1, "c");
  EXPECT_EQ(*service_.PullKernel(), 2u);
  EXPECT_EQ(store_.record_count(), 3u);
}

TEST_F(LogServiceTest, AFailingKernelLogStillServesWrites) {
  kernel_.Fail(Status::kAccessDenied);
  EXPECT_EQ(service_.PullKernel().status(), Status::kAccessDenied);
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "svc", "still here").first, Status::kOk);
  EXPECT_EQ(Read(0).second.text, "still here");
}

TEST_F(LogServiceTest, ReadRepliesNameTheInstance) {
  g_now_ns = 777;
  LogService restarted(store_, &kernel_, &FakeClock);
  g_now_ns = 900;
  std::vector<uint8_t> reply(LogService::kMaxReplyBytes);
  const std::vector<uint8_t> request = Encoded(wire::ReadRequest{0}, 1);
  Result<size_t> size = restarted.Handle(rstd::Bytes(request.data(), request.size()), {},
                                         rstd::Span<uint8_t>(reply.data(), reply.size()), true);
  ASSERT_TRUE(size.ok());
  Result<wire::ReadReply> decoded = wire::DecodeReadReply(rstd::Bytes(reply.data(), *size),
                                                          rstd::Span<const sys::HandleInfo>());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(static_cast<Status>(decoded->status), Status::kNotFound);
  EXPECT_EQ(decoded->instance, 777u);
  EXPECT_EQ(restarted.instance(), 777u);
}

TEST_F(LogServiceTest, WithoutAKernelLogOnlyWritesAreKept) {
  LogService alone(store_, nullptr, &FakeClock);
  EXPECT_EQ(*alone.PullKernel(), 0u);
}

TEST_F(LogServiceTest, AReaderThatFellBehindLearnsHowManyItLost) {
  std::string text(900, 'x');
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(Write(wire::LogLevel::kInfo, "svc", text).first, Status::kOk);
  }
  ASSERT_GT(store_.first_sequence(), 0u);
  auto [status, row] = Read(0);
  ASSERT_EQ(status, Status::kOk);
  EXPECT_EQ(row.sequence, store_.first_sequence());
  EXPECT_EQ(row.missed, store_.first_sequence());
  // Reading on from there loses nothing more.
  auto [next_status, next] = Read(row.sequence + 1);
  ASSERT_EQ(next_status, Status::kOk);
  EXPECT_EQ(next.missed, 0u);
}

TEST_F(LogServiceTest, RejectsMalformedSources) {
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "", "t").first, Status::kInvalidArgument);
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "two words", "t").first, Status::kInvalidArgument);
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "bell\a", "t").first, Status::kInvalidArgument);
  EXPECT_EQ(store_.record_count(), 0u);
}

// A writer cannot pass its lines off as the kernel's or logd's own: readers trust "kernel"
// records to come from the kernel log.
TEST_F(LogServiceTest, ReservedSourcesAreRefused) {
  EXPECT_EQ(Write(wire::LogLevel::kError, "kernel", "panic: fake").first, Status::kInvalidArgument);
  EXPECT_EQ(Write(wire::LogLevel::kWarn, "logd", "fake").first, Status::kInvalidArgument);
  EXPECT_EQ(store_.record_count(), 0u);
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "kernelx", "fine").first, Status::kOk);
}

TEST_F(LogServiceTest, ControlCharactersInTextAreDefused) {
  ASSERT_EQ(Write(wire::LogLevel::kInfo, "svc", "a\x1b[2Jb\tc\n").first, Status::kOk);
  EXPECT_EQ(Read(0).second.text, "a?[2Jb\tc");
}

TEST_F(LogServiceTest, MalformedRequestsWithAKnownOrdinalGetCorrupt) {
  std::vector<uint8_t> request = Encoded(wire::WriteRequest{wire::LogLevel::kInfo, "s", "t"}, 3);
  request[16] = 9;  // the level: no such LogLevel
  std::vector<uint8_t> reply = Send(request);
  Result<wire::WriteReply> decoded = wire::DecodeWriteReply(rstd::Bytes(reply.data(), reply.size()),
                                                            rstd::Span<const sys::HandleInfo>());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(static_cast<Status>(decoded->status), Status::kCorrupt);
  EXPECT_EQ(store_.record_count(), 0u);

  // A request with a handle no message declares: refused the same way.
  const sys::HandleInfo handle{5, 4, 0};
  reply = Send(Encoded(wire::ReadRequest{0}, 4), rstd::Span<const sys::HandleInfo>(&handle, 1));
  Result<wire::ReadReply> read = wire::DecodeReadReply(rstd::Bytes(reply.data(), reply.size()),
                                                       rstd::Span<const sys::HandleInfo>());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(static_cast<Status>(read->status), Status::kCorrupt);
}

TEST_F(LogServiceTest, UnanswerableMessagesAreDroppedAndCounted) {
  EXPECT_TRUE(Send({}).empty());
  EXPECT_TRUE(Send({1, 2, 3}).empty());
  std::vector<uint8_t> unknown = Encoded(wire::ReadRequest{0}, 1);
  unknown[0] = 77;  // ordinal
  EXPECT_TRUE(Send(unknown).empty());
  std::vector<uint8_t> reply_flag = Encoded(wire::ReadRequest{0}, 1);
  reply_flag[4] = 1;
  EXPECT_TRUE(Send(reply_flag).empty());
  EXPECT_EQ(service_.dropped_messages(), 4u);
}

TEST_F(LogServiceTest, SurvivesRandomGarbage) {
  kernel_.Add(1, "boot");
  std::mt19937 random(12345);
  std::vector<uint8_t> valid = Encoded(wire::WriteRequest{wire::LogLevel::kInfo, "s", "t"}, 3);
  for (int round = 0; round < 5000; ++round) {
    std::vector<uint8_t> message;
    if (round % 2 == 0) {
      message.resize(random() % 64);
      for (uint8_t& byte : message) byte = static_cast<uint8_t>(random());
    } else {
      message = valid;  // a valid request with one bit flipped
      message[random() % message.size()] ^= static_cast<uint8_t>(1u << (random() % 8));
    }
    (void)Send(message);
  }
  // Still serving, the kernel record intact.
  EXPECT_EQ(Read(0).second.text, "boot");
  EXPECT_EQ(Write(wire::LogLevel::kInfo, "svc", "after").first, Status::kOk);
}

TEST(LogSource, Validity) {
  EXPECT_TRUE(IsValidSource("vfsd"));
  EXPECT_TRUE(IsValidSource(std::string(64, 'a').c_str()));
  EXPECT_FALSE(IsValidSource(std::string(65, 'a').c_str()));
  EXPECT_FALSE(IsValidSource(""));
  EXPECT_FALSE(IsValidSource("a b"));
  EXPECT_FALSE(IsValidSource("a\x7f"));
}

TEST(LogText, Sanitize) {
  char buffer[16];
  EXPECT_EQ(SanitizeText("line\n", rstd::Span<char>(buffer, sizeof(buffer))), "line");
  EXPECT_EQ(SanitizeText("a\nb\n\n", rstd::Span<char>(buffer, sizeof(buffer))), "a?b?");
  EXPECT_EQ(SanitizeText("\x7f\t", rstd::Span<char>(buffer, sizeof(buffer))), "?\t");
  EXPECT_EQ(SanitizeText("", rstd::Span<char>(buffer, sizeof(buffer))), "");
}

}  // namespace
}  // namespace raeen::logd
