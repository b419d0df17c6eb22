#include "services/consoled/console_service.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace raeen::consoled {
namespace {

namespace console = protocol::console;

struct Sent {
  uint32_t client;
  std::vector<uint8_t> bytes;
};

class Recorder final : public ReplySink, public OutputDevice {
 public:
  void Reply(uint32_t client, rstd::Bytes message) override {
    replies.push_back({client, std::vector<uint8_t>(message.begin(), message.end())});
  }
  void Write(rstd::StringView text) override { written.append(text.data(), text.size()); }

  std::vector<Sent> replies;
  std::string written;
};

std::vector<uint8_t> WriteRequest(const std::string& text, uint32_t transaction) {
  std::vector<uint8_t> bytes(console::WriteRequest::kMaxBytes);
  console::WriteRequest request;
  request.text = rstd::StringView(text.data(), text.size());
  Result<ridl::Encoded> encoded =
      console::Encode(request, transaction, rstd::Span<uint8_t>(bytes.data(), bytes.size()), {});
  EXPECT_TRUE(encoded.ok());
  bytes.resize(encoded.ok() ? encoded->bytes : 0);
  return bytes;
}

std::vector<uint8_t> ReadRequest(uint32_t max_bytes, uint32_t transaction) {
  std::vector<uint8_t> bytes(console::ReadRequest::kMaxBytes);
  console::ReadRequest request;
  request.max_bytes = max_bytes;
  Result<ridl::Encoded> encoded =
      console::Encode(request, transaction, rstd::Span<uint8_t>(bytes.data(), bytes.size()), {});
  EXPECT_TRUE(encoded.ok());
  bytes.resize(encoded.ok() ? encoded->bytes : 0);
  return bytes;
}

class ConsoleServiceTest : public ::testing::Test {
 protected:
  ConsoleServiceTest() : service_(std::make_unique<ConsoleService>(recorder_)) {
    EXPECT_TRUE(service_->AddOutput(recorder_));
  }

  Status Handle(uint32_t client, const std::vector<uint8_t>& request) {
    return service_->HandleRequest(client, rstd::Bytes(request.data(), request.size()), {});
  }
  void Type(const std::string& text) {
    service_->Input(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  }

  // The single reply recorded since the last call, as a write reply.
  Status WriteStatus(uint32_t client, uint32_t transaction) {
    EXPECT_EQ(recorder_.replies.size(), 1u);
    if (recorder_.replies.size() != 1) return Status::kIoError;
    const Sent sent = recorder_.replies[0];
    recorder_.replies.clear();
    EXPECT_EQ(sent.client, client);
    const rstd::Bytes bytes(sent.bytes.data(), sent.bytes.size());
    EXPECT_EQ(ridl::PeekHeader(bytes)->transaction_id, transaction);
    Result<console::WriteReply> reply = console::DecodeWriteReply(bytes, {});
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? static_cast<Status>(reply->status) : Status::kIoError;
  }

  // The single reply recorded since the last call, as a read reply: status and bytes.
  std::pair<Status, std::string> ReadReply(uint32_t client, uint32_t transaction) {
    EXPECT_EQ(recorder_.replies.size(), 1u);
    if (recorder_.replies.size() != 1) return {Status::kIoError, ""};
    const Sent sent = recorder_.replies[0];
    recorder_.replies.clear();
    EXPECT_EQ(sent.client, client);
    const rstd::Bytes bytes(sent.bytes.data(), sent.bytes.size());
    EXPECT_EQ(ridl::PeekHeader(bytes)->transaction_id, transaction);
    Result<console::ReadReply> reply = console::DecodeReadReply(bytes, {});
    EXPECT_TRUE(reply.ok());
    if (!reply.ok()) return {Status::kIoError, ""};
    return {static_cast<Status>(reply->status),
            std::string(reinterpret_cast<const char*>(reply->bytes.data()), reply->bytes.size())};
  }

  Recorder recorder_;
  std::unique_ptr<ConsoleService> service_;
};

TEST_F(ConsoleServiceTest, WriteGoesToEveryOutputAndIsAnswered) {
  Recorder second;
  ASSERT_TRUE(service_->AddOutput(second));
  EXPECT_EQ(Handle(3, WriteRequest("hello\n", 7)), Status::kOk);
  EXPECT_EQ(recorder_.written, "hello\n");
  EXPECT_EQ(second.written, "hello\n");
  EXPECT_EQ(WriteStatus(3, 7), Status::kOk);
}

TEST_F(ConsoleServiceTest, ReadWithInputQueuedIsAnsweredAtOnce) {
  Type("ls\r");
  EXPECT_EQ(Handle(3, ReadRequest(2, 9)), Status::kOk);
  EXPECT_EQ(ReadReply(3, 9), std::make_pair(Status::kOk, std::string("ls")));
  EXPECT_EQ(Handle(3, ReadRequest(64, 10)), Status::kOk);
  EXPECT_EQ(ReadReply(3, 10), std::make_pair(Status::kOk, std::string("\r")));
}

TEST_F(ConsoleServiceTest, ReadWaitsForInput) {
  EXPECT_EQ(Handle(3, ReadRequest(64, 11)), Status::kOk);
  EXPECT_TRUE(recorder_.replies.empty());
  Type("x");
  EXPECT_EQ(ReadReply(3, 11), std::make_pair(Status::kOk, std::string("x")));
}

TEST_F(ConsoleServiceTest, ASecondWaitingReadIsRefused) {
  EXPECT_EQ(Handle(3, ReadRequest(64, 1)), Status::kOk);
  EXPECT_EQ(Handle(4, ReadRequest(64, 2)), Status::kOk);
  EXPECT_EQ(ReadReply(4, 2), std::make_pair(Status::kBadState, std::string()));
  Type("y");
  EXPECT_EQ(ReadReply(3, 1), std::make_pair(Status::kOk, std::string("y")));
}

TEST_F(ConsoleServiceTest, AClosedReadersInputStaysQueued) {
  EXPECT_EQ(Handle(3, ReadRequest(64, 1)), Status::kOk);
  service_->ClientClosed(3);
  Type("z");
  EXPECT_TRUE(recorder_.replies.empty());
  EXPECT_EQ(Handle(4, ReadRequest(64, 2)), Status::kOk);
  EXPECT_EQ(ReadReply(4, 2), std::make_pair(Status::kOk, std::string("z")));
}

TEST_F(ConsoleServiceTest, BadReadSizesAreRefused) {
  EXPECT_EQ(Handle(3, ReadRequest(0, 1)), Status::kOk);
  EXPECT_EQ(ReadReply(3, 1).first, Status::kInvalidArgument);
  EXPECT_EQ(Handle(3, ReadRequest(ConsoleService::kMaxReadBytes + 1, 2)), Status::kOk);
  EXPECT_EQ(ReadReply(3, 2).first, Status::kInvalidArgument);
  EXPECT_FALSE(service_->input().has_waiting_read());
}

TEST_F(ConsoleServiceTest, MalformedRequestsGetTheirMessagesReplyWithAStatus) {
  std::vector<uint8_t> write = WriteRequest("abc", 5);
  write.pop_back();                               // the size field no longer matches
  EXPECT_EQ(Handle(3, write), Status::kCorrupt);  // no valid header: nothing to answer
  EXPECT_TRUE(recorder_.replies.empty());

  std::vector<uint8_t> read = ReadRequest(8, 6);
  // A read with a handle attached: the decoder wants exactly none.
  const ridl::HandleInfo handle{5, 0, 0};
  EXPECT_EQ(service_->HandleRequest(3, rstd::Bytes(read.data(), read.size()),
                                    rstd::Span<const ridl::HandleInfo>(&handle, 1)),
            Status::kOk);
  EXPECT_EQ(ReadReply(3, 6).first, Status::kCorrupt);

  std::vector<uint8_t> unknown = ReadRequest(8, 7);
  unknown[0] = 99;  // ordinal
  EXPECT_EQ(Handle(3, unknown), Status::kUnsupported);
  EXPECT_TRUE(recorder_.replies.empty());

  std::vector<uint8_t> reply = ReadRequest(8, 8);
  reply[4] = 1;  // the reply flag
  EXPECT_NE(Handle(3, reply), Status::kOk);
  EXPECT_TRUE(recorder_.replies.empty());
}

TEST_F(ConsoleServiceTest, RandomBytesNeverCrash) {
  std::mt19937 random(1234);
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes =
        (round % 2 == 0) ? ReadRequest(8, round) : WriteRequest("t", round);
    const size_t flips = 1 + random() % 4;
    for (size_t i = 0; i < flips; ++i) bytes[random() % bytes.size()] ^= 1u << (random() % 8);
    if (random() % 4 == 0) bytes.resize(random() % (bytes.size() + 1));
    (void)Handle(3, bytes);
    // Whatever it sent must be a well-formed reply.
    for (const Sent& sent : recorder_.replies) {
      const rstd::Bytes reply(sent.bytes.data(), sent.bytes.size());
      EXPECT_TRUE(console::DecodeWriteReply(reply, {}).ok() ||
                  console::DecodeReadReply(reply, {}).ok());
    }
    recorder_.replies.clear();
    service_->ClientClosed(3);
  }
}

}  // namespace
}  // namespace raeen::consoled
