#include "services/logd/log_service.h"

#include "libs/rstd/format.h"

namespace raeen::logd {
namespace {

namespace wire = protocol::log;

LogLevel LevelOfKernel(uint32_t level) {
  return protocol::log::IsValidLogLevel(level) ? static_cast<LogLevel>(level) : LogLevel::kInfo;
}

template <typename Reply>
Result<size_t> EncodeReply(const Reply& message, uint32_t transaction_id,
                           rstd::Span<uint8_t> reply) {
  RAEEN_TRY(ridl::Encoded encoded,
            wire::Encode(message, transaction_id, reply, rstd::Span<uint32_t>()));
  return encoded.bytes;
}

}  // namespace

bool IsValidSource(rstd::StringView source) {
  if (source.empty() || source.size() > LogStore::kMaxSourceSize) return false;
  for (char c : source) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte <= 0x20 || byte == 0x7f) return false;
  }
  return true;
}

rstd::StringView SanitizeText(rstd::StringView text, rstd::Span<char> buffer) {
  if (!text.empty() && text[text.size() - 1] == '\n') text = text.substr(0, text.size() - 1);
  const size_t size = rstd::Min(text.size(), buffer.size());
  for (size_t i = 0; i < size; ++i) {
    const auto byte = static_cast<uint8_t>(text[i]);
    buffer[i] = (byte < 0x20 && byte != '\t') || byte == 0x7f ? '?' : text[i];
  }
  return rstd::StringView(buffer.data(), size);
}

Result<size_t> LogService::PullKernel() {
  if (kernel_ == nullptr) return size_t{0};
  char text[KernelLogReader::kMaxTextSize];
  size_t copied = 0;
  for (;;) {
    Result<KernelLogReader::Record> read =
        kernel_->Read(next_kernel_sequence_, rstd::Span<char>(text, sizeof(text)));
    if (!read.ok()) {
      if (read.status() == Status::kNotFound) return copied;
      return Error(read.status());
    }
    const sys::LogRecordHeader& header = read->header;
    if (header.missed != 0) {
      char note[96];
      const rstd::StringView line = rstd::FormatTo(
          note, sizeof(note), "{} kernel log records were overwritten before logd read them",
          header.missed);
      store_.Append(LogLevel::kWarn, header.timestamp_ns, kOwnSource, line);
    }
    store_.Append(LevelOfKernel(header.level), header.timestamp_ns, kKernelSource, read->text);
    next_kernel_sequence_ = header.sequence + 1;
    ++kernel_records_;
    ++copied;
  }
}

Result<size_t> LogService::Handle(rstd::Bytes request, rstd::Span<const sys::HandleInfo> handles,
                                  rstd::Span<uint8_t> reply, bool may_read) {
  Result<ridl::MessageHeader> header = ridl::PeekHeader(request);
  if (!header.ok() || (header->flags & ridl::kFlagReply) != 0) {
    ++dropped_messages_;
    return Error(Status::kCorrupt);
  }
  // A failing pull leaves the kernel records for the next one; the request goes on.
  (void)PullKernel();
  switch (header->ordinal) {
    case wire::ReadRequest::kOrdinal:
      return HandleRead(request, handles, header->transaction_id, reply, may_read);
    case wire::WriteRequest::kOrdinal:
      return HandleWrite(request, handles, header->transaction_id, reply);
    default: ++dropped_messages_; return Error(Status::kCorrupt);
  }
}

Result<size_t> LogService::HandleRead(rstd::Bytes request,
                                      rstd::Span<const sys::HandleInfo> handles,
                                      uint32_t transaction_id, rstd::Span<uint8_t> reply,
                                      bool may_read) {
  wire::ReadReply answer;
  answer.instance = instance_;
  Result<wire::ReadRequest> decoded = wire::DecodeReadRequest(request, handles);
  if (!decoded.ok() || !may_read) {
    answer.status =
        static_cast<int32_t>(decoded.ok() ? Status::kAccessDenied : decoded.status());
    return EncodeReply(answer, transaction_id, reply);
  }
  char source[LogStore::kMaxSourceSize];
  char text[LogStore::kMaxTextSize];
  Result<StoredRecord> record =
      store_.Read(decoded->from_sequence, rstd::Span<char>(source, sizeof(source)),
                  rstd::Span<char>(text, sizeof(text)));
  if (!record.ok()) {
    answer.status = static_cast<int32_t>(record.status());
    return EncodeReply(answer, transaction_id, reply);
  }
  answer.status = static_cast<int32_t>(Status::kOk);
  answer.sequence = record->sequence;
  answer.time_ns = record->time_ns;
  // The store only holds levels that were valid when appended; a bad one would be a bug, but
  // the encoder would refuse it, so it is mapped rather than trusted.
  answer.level =
      wire::IsValidLogLevel(static_cast<uint64_t>(record->level)) ? record->level : LogLevel::kInfo;
  answer.missed = record->missed;
  answer.source = record->source;
  answer.text = record->text;
  return EncodeReply(answer, transaction_id, reply);
}

Result<size_t> LogService::HandleWrite(rstd::Bytes request,
                                       rstd::Span<const sys::HandleInfo> handles,
                                       uint32_t transaction_id, rstd::Span<uint8_t> reply) {
  wire::WriteReply answer;
  Result<wire::WriteRequest> decoded = wire::DecodeWriteRequest(request, handles);
  if (!decoded.ok()) {
    answer.status = static_cast<int32_t>(decoded.status());
    return EncodeReply(answer, transaction_id, reply);
  }
  // The reserved sources are what readers trust to be the kernel's and logd's own records:
  // a writer may not pass its lines off as theirs.
  if (!IsValidSource(decoded->source) || decoded->source == kKernelSource ||
      decoded->source == kOwnSource) {
    answer.status = static_cast<int32_t>(Status::kInvalidArgument);
    return EncodeReply(answer, transaction_id, reply);
  }
  char text[LogStore::kMaxTextSize];
  const rstd::StringView clean = SanitizeText(decoded->text, rstd::Span<char>(text, sizeof(text)));
  answer.status = static_cast<int32_t>(Status::kOk);
  answer.sequence = store_.Append(decoded->level, clock_(), decoded->source, clean);
  ++written_records_;
  return EncodeReply(answer, transaction_id, reply);
}

}  // namespace raeen::logd
