#include "libs/rae/log.h"

#include "libs/rae/channel.h"
#include "libs/rae/service.h"

namespace raeen::rae {
namespace {

namespace wire = protocol::log;

// A connection to logd under one of its names, made at the first call; kInvalidHandle
// before and after logd went away. Writers connect to "log"; reading needs "log-reader",
// which a manifest grants separately (the kernel's records hold kernel addresses).
struct Connection {
  rstd::StringView name;
  sys::Handle channel = sys::kInvalidHandle;
};
Connection g_writer{"log"};
Connection g_reader{"log-reader"};
uint32_t g_next_transaction = 1;

Result<sys::Handle> LogChannel(Connection& connection) {
  if (connection.channel == sys::kInvalidHandle) {
    RAEEN_TRY(sys::Handle channel, Connect(connection.name));
    connection.channel = channel;
  }
  return connection.channel;
}

void Disconnect(Connection& connection) {
  (void)sys::HandleClose(connection.channel);
  connection.channel = sys::kInvalidHandle;
}

// One request and its reply (decoded into `reply_bytes`, which its views point into). When
// logd went away, connects once more (svcmgr hands the new channel to the restarted logd)
// and sends the request again: reads are repeatable, and a write is not lost by it (what the
// logd that died stored died with it; the new one starts its own sequence). A reply that is
// not the answer drops the channel, as a failed call does.
template <typename Request, typename Reply>
Result<Reply> Call(Connection& connection, const Request& request,
                   Result<Reply> (*decode)(rstd::Bytes, rstd::Span<const ridl::HandleInfo>),
                   rstd::Span<uint8_t> reply_bytes) {
  uint8_t out[Request::kMaxBytes];
  for (int attempt = 0;; ++attempt) {
    RAEEN_TRY(sys::Handle channel, LogChannel(connection));
    const uint32_t transaction = g_next_transaction++;
    RAEEN_TRY(ridl::Encoded encoded,
              wire::Encode(request, transaction, rstd::Span<uint8_t>(out, sizeof(out)),
                           rstd::Span<uint32_t>()));
    sys::ChannelCallArgs args =
        BytesCall(out, encoded.bytes, reply_bytes.data(), reply_bytes.size());
    sys::MessageSize size{};
    const Status called = sys::ChannelCall(channel, &args, &size);
    if (called == Status::kPeerClosed && attempt == 0) {
      Disconnect(connection);
      continue;
    }
    if (called != Status::kOk) {
      // A channel that failed otherwise may hold a late reply that would answer the next
      // call: start over with a new one.
      Disconnect(connection);
      return Error(called == Status::kBufferTooSmall ? Status::kCorrupt : called);
    }
    const rstd::Bytes bytes(reply_bytes.data(), size.bytes);
    Result<ridl::MessageHeader> header = ridl::PeekHeader(bytes);
    Result<Reply> reply = decode(bytes, rstd::Span<const ridl::HandleInfo>());
    if (!header.ok() || header->transaction_id != transaction || !reply.ok()) {
      Disconnect(connection);
      return Error(Status::kCorrupt);
    }
    return reply;
  }
}

}  // namespace

Result<LogRecord> ReadLogRecord(uint64_t from_sequence) {
  uint8_t reply_bytes[wire::ReadReply::kMaxBytes];
  RAEEN_TRY(wire::ReadReply reply,
            Call(g_reader, wire::ReadRequest{from_sequence}, &wire::DecodeReadReply,
                 rstd::Span<uint8_t>(reply_bytes, sizeof(reply_bytes))));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  LogRecord record;
  record.sequence = reply.sequence;
  record.time_ns = reply.time_ns;
  record.level = reply.level;
  record.missed = reply.missed;
  record.instance = reply.instance;
  // The decoder held both to the protocol's bounds, which are the buffers' sizes.
  record.source_size = rstd::Min(reply.source.size(), sizeof(record.source_bytes));
  __builtin_memcpy(record.source_bytes, reply.source.data(), record.source_size);
  record.text_size = rstd::Min(reply.text.size(), sizeof(record.text_bytes));
  __builtin_memcpy(record.text_bytes, reply.text.data(), record.text_size);
  return record;
}

Status WriteLog(LogLevel level, rstd::StringView text) {
  Result<ServiceInfo> info = StartInfo();
  if (!info.ok()) return info.status();
  if (text.size() > LogRecord::kMaxTextSize) text = text.substr(0, LogRecord::kMaxTextSize);
  uint8_t reply_bytes[wire::WriteReply::kMaxBytes];
  Result<wire::WriteReply> reply =
      Call(g_writer, wire::WriteRequest{level, info->name, text}, &wire::DecodeWriteReply,
           rstd::Span<uint8_t>(reply_bytes, sizeof(reply_bytes)));
  if (!reply.ok()) return reply.status();
  return StatusFromWire(reply->status);
}

}  // namespace raeen::rae
