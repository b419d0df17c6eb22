#include "services/consoled/console_client.h"

#include "libs/rae/channel.h"
#include "libs/rae/service.h"
#include "raeen/protocols/console.h"

namespace raeen::consoled {

namespace console = protocol::console;

namespace {

constexpr size_t kMaxWriteChunk = 4096;
constexpr size_t kMaxReadBytes = 256;

}  // namespace

ConsoleClient::~ConsoleClient() {
  if (channel_ != 0) (void)sys::HandleClose(channel_);
}

Status ConsoleClient::EnsureConnected() {
  if (channel_ != 0) return Status::kOk;
  Result<sys::Handle> channel = rae::Connect("console");
  if (!channel.ok()) return channel.status();
  channel_ = *channel;
  return Status::kOk;
}

Status ConsoleClient::Call(const uint8_t* request, size_t request_size, uint8_t* reply,
                           size_t reply_capacity, size_t* reply_size) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (Status connected = EnsureConnected(); connected != Status::kOk) return connected;
    sys::MessageSize size{};
    const sys::ChannelCallArgs args = rae::BytesCall(request, request_size, reply, reply_capacity);
    const Status called = sys::ChannelCall(channel_, &args, &size);
    if (called == Status::kOk) {
      // The reply must answer this request: channel_call returns whatever comes next.
      Result<ridl::MessageHeader> header = ridl::PeekHeader(rstd::Bytes(reply, size.bytes));
      if (!header.ok() || header->transaction_id != transaction_) return Status::kCorrupt;
      *reply_size = size.bytes;
      return Status::kOk;
    }
    if (called != Status::kPeerClosed) return called;
    (void)sys::HandleClose(channel_);
    channel_ = 0;
  }
  return Status::kPeerClosed;
}

Status ConsoleClient::Write(rstd::StringView text) {
  uint8_t request[console::WriteRequest::kMaxBytes];
  uint8_t reply[console::WriteReply::kMaxBytes];
  do {
    const rstd::StringView chunk = text.substr(0, kMaxWriteChunk);
    text = text.substr(chunk.size());
    console::WriteRequest message;
    message.text = chunk;
    Result<ridl::Encoded> encoded = console::Encode(message, NextTransaction(), request, {});
    if (!encoded.ok()) return encoded.status();
    size_t reply_size = 0;
    if (Status called = Call(request, encoded->bytes, reply, sizeof(reply), &reply_size);
        called != Status::kOk) {
      return called;
    }
    Result<console::WriteReply> decoded =
        console::DecodeWriteReply(rstd::Bytes(reply, reply_size), {});
    if (!decoded.ok()) return Status::kCorrupt;
    if (Status status = rae::StatusFromWire(decoded->status); status != Status::kOk) {
      return status;
    }
  } while (!text.empty());
  return Status::kOk;
}

Result<size_t> ConsoleClient::Read(uint8_t* out, size_t capacity) {
  if (capacity == 0) return Error(Status::kInvalidArgument);
  uint8_t request[console::ReadRequest::kMaxBytes];
  uint8_t reply[console::ReadReply::kMaxBytes];
  console::ReadRequest message;
  message.max_bytes = static_cast<uint32_t>(capacity < kMaxReadBytes ? capacity : kMaxReadBytes);
  Result<ridl::Encoded> encoded = console::Encode(message, NextTransaction(), request, {});
  if (!encoded.ok()) return Error(encoded.status());
  size_t reply_size = 0;
  RAEEN_TRY(FromStatus(Call(request, encoded->bytes, reply, sizeof(reply), &reply_size)));
  Result<console::ReadReply> decoded = console::DecodeReadReply(rstd::Bytes(reply, reply_size), {});
  if (!decoded.ok()) return Error(Status::kCorrupt);
  if (Status status = rae::StatusFromWire(decoded->status); status != Status::kOk) {
    return Error(status);
  }
  if (decoded->bytes.empty() || decoded->bytes.size() > message.max_bytes) {
    return Error(Status::kCorrupt);
  }
  for (size_t i = 0; i < decoded->bytes.size(); ++i) out[i] = decoded->bytes[i];
  return decoded->bytes.size();
}

}  // namespace raeen::consoled
