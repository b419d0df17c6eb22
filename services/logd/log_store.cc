#include "services/logd/log_store.h"

#include "libs/rstd/utility.h"

namespace raeen::logd {

void LogStore::CopyIn(size_t offset, const void* data, size_t size) {
  if (size == 0) return;  // `data` may be null then
  const auto* bytes = static_cast<const uint8_t*>(data);
  const size_t first = rstd::Min(size, capacity_ - offset);
  __builtin_memcpy(storage_ + offset, bytes, first);
  __builtin_memcpy(storage_, bytes + first, size - first);
}

void LogStore::CopyOut(size_t offset, void* data, size_t size) const {
  if (size == 0) return;
  auto* bytes = static_cast<uint8_t*>(data);
  const size_t first = rstd::Min(size, capacity_ - offset);
  __builtin_memcpy(bytes, storage_ + offset, first);
  __builtin_memcpy(bytes + first, storage_, size - first);
}

void LogStore::WriteHeader(size_t offset, const Header& header) {
  uint8_t bytes[kHeaderSize] = {};
  for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(header.time_ns >> (8 * i));
  bytes[8] = static_cast<uint8_t>(header.text_size);
  bytes[9] = static_cast<uint8_t>(header.text_size >> 8);
  bytes[10] = header.source_size;
  bytes[11] = static_cast<uint8_t>(header.level);
  CopyIn(offset, bytes, kHeaderSize);
}

LogStore::Header LogStore::ReadHeader(size_t offset) const {
  uint8_t bytes[kHeaderSize];
  CopyOut(offset, bytes, kHeaderSize);
  Header header{};
  for (size_t i = 0; i < 8; ++i) header.time_ns |= uint64_t{bytes[i]} << (8 * i);
  header.text_size = static_cast<uint16_t>(bytes[8] | bytes[9] << 8);
  header.source_size = bytes[10];
  header.level = static_cast<LogLevel>(bytes[11]);
  return header;
}

void LogStore::EvictOldest() {
  const size_t size = RecordSize(ReadHeader(head_));
  head_ = Advance(head_, size);
  used_ -= size;
  ++first_sequence_;
}

uint64_t LogStore::Append(LogLevel level, uint64_t time_ns, rstd::StringView source,
                          rstd::StringView text) {
  const uint64_t sequence = next_sequence_++;
  if (capacity_ < kMaxRecordSize) {
    // Too small for the largest record: keep nothing rather than sometimes something.
    first_sequence_ = next_sequence_;
    return sequence;
  }
  const size_t source_size = rstd::Min(source.size(), kMaxSourceSize);
  const size_t text_size = rstd::Min(text.size(), kMaxTextSize);
  const Header header{time_ns, static_cast<uint16_t>(text_size), static_cast<uint8_t>(source_size),
                      level};
  const size_t needed = RecordSize(header);
  while (capacity_ - used_ < needed) EvictOldest();

  size_t offset = Advance(head_, used_);
  WriteHeader(offset, header);
  offset = Advance(offset, kHeaderSize);
  CopyIn(offset, source.data(), source_size);
  offset = Advance(offset, source_size);
  if (text_size < text.size()) {
    constexpr rstd::StringView kMarker = "...";
    const size_t keep = text_size - kMarker.size();
    CopyIn(offset, text.data(), keep);
    CopyIn(Advance(offset, keep), kMarker.data(), kMarker.size());
  } else {
    CopyIn(offset, text.data(), text_size);
  }
  used_ += needed;
  return sequence;
}

Result<StoredRecord> LogStore::Read(uint64_t sequence, rstd::Span<char> source_buffer,
                                    rstd::Span<char> text_buffer) const {
  StoredRecord record;
  if (sequence < first_sequence_) {
    record.missed = first_sequence_ - sequence;
    sequence = first_sequence_;
  }
  if (sequence >= next_sequence_) return Error(Status::kNotFound);

  uint64_t at = first_sequence_;
  size_t offset = head_;
  if (hint_sequence_ >= first_sequence_ && hint_sequence_ <= sequence) {
    at = hint_sequence_;
    offset = hint_offset_;
  }
  for (; at < sequence; ++at) offset = Advance(offset, RecordSize(ReadHeader(offset)));
  hint_sequence_ = sequence;
  hint_offset_ = offset;

  const Header header = ReadHeader(offset);
  const size_t source_size = rstd::Min(size_t{header.source_size}, source_buffer.size());
  const size_t text_size = rstd::Min(size_t{header.text_size}, text_buffer.size());
  offset = Advance(offset, kHeaderSize);
  CopyOut(offset, source_buffer.data(), source_size);
  CopyOut(Advance(offset, header.source_size), text_buffer.data(), text_size);

  record.sequence = sequence;
  record.time_ns = header.time_ns;
  record.level = header.level;
  record.source = rstd::StringView(source_buffer.data(), source_size);
  record.text = rstd::StringView(text_buffer.data(), text_size);
  return record;
}

}  // namespace raeen::logd
