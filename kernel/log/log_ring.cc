#include "kernel/log/log_ring.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {

size_t LogRing::Advance(size_t offset, size_t by) const {
  return (offset + by) % capacity_;
}

void LogRing::CopyIn(size_t offset, const uint8_t* data, size_t size) {
  if (size == 0) return;  // `data` may be null then
  size_t first = rstd::Min(size, capacity_ - offset);
  __builtin_memcpy(storage_ + offset, data, first);
  __builtin_memcpy(storage_, data + first, size - first);
}

void LogRing::CopyOut(size_t offset, uint8_t* data, size_t size) const {
  if (size == 0) return;
  size_t first = rstd::Min(size, capacity_ - offset);
  __builtin_memcpy(data, storage_ + offset, first);
  __builtin_memcpy(data + first, storage_, size - first);
}

void LogRing::WriteHeader(size_t offset, const Header& header) {
  uint8_t bytes[kHeaderSize] = {};
  for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(header.timestamp_ns >> (8 * i));
  bytes[8] = static_cast<uint8_t>(header.length);
  bytes[9] = static_cast<uint8_t>(header.length >> 8);
  bytes[10] = static_cast<uint8_t>(header.level);
  CopyIn(offset, bytes, kHeaderSize);
}

LogRing::Header LogRing::ReadHeader(size_t offset) const {
  uint8_t bytes[kHeaderSize];
  CopyOut(offset, bytes, kHeaderSize);
  Header header{};
  for (size_t i = 0; i < 8; ++i) header.timestamp_ns |= uint64_t{bytes[i]} << (8 * i);
  header.length = static_cast<uint16_t>(bytes[8] | bytes[9] << 8);
  header.level = static_cast<LogLevel>(bytes[10]);
  return header;
}

void LogRing::EvictOldest() {
  size_t size = kHeaderSize + ReadHeader(head_).length;
  head_ = Advance(head_, size);
  used_ -= size;
  ++first_sequence_;
}

uint64_t LogRing::Append(LogLevel level, uint64_t timestamp_ns, rstd::StringView text) {
  uint64_t sequence = next_sequence_++;
  if (capacity_ <= kHeaderSize) {
    // Nowhere to keep anything: the record is lost to every reader.
    first_sequence_ = next_sequence_;
    return sequence;
  }

  size_t max_text = rstd::Min(capacity_ - kHeaderSize, kMaxTextSize);
  size_t length = rstd::Min(text.size(), max_text);
  bool truncated = length < text.size();
  size_t needed = kHeaderSize + length;
  while (capacity_ - used_ < needed) EvictOldest();

  size_t offset = Advance(head_, used_);
  WriteHeader(offset, Header{timestamp_ns, static_cast<uint16_t>(length), level});
  offset = Advance(offset, kHeaderSize);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  if (truncated) {
    constexpr char kMarker[] = "...";
    size_t keep = length > 3 ? length - 3 : 0;
    CopyIn(offset, bytes, keep);
    CopyIn(Advance(offset, keep), reinterpret_cast<const uint8_t*>(kMarker), length - keep);
  } else {
    CopyIn(offset, bytes, length);
  }
  used_ += needed;
  return sequence;
}

Result<LogRing::ReadResult> LogRing::Read(uint64_t sequence, rstd::Span<char> text_buffer) const {
  ReadResult result;
  if (sequence < first_sequence_) {
    result.missed = first_sequence_ - sequence;
    sequence = first_sequence_;
  }
  if (sequence >= next_sequence_) return Error(Status::kNotFound);

  uint64_t at = first_sequence_;
  size_t offset = head_;
  if (hint_sequence_ >= first_sequence_ && hint_sequence_ <= sequence) {
    at = hint_sequence_;
    offset = hint_offset_;
  }
  for (; at < sequence; ++at) offset = Advance(offset, kHeaderSize + ReadHeader(offset).length);
  hint_sequence_ = sequence;
  hint_offset_ = offset;

  Header header = ReadHeader(offset);
  size_t copied = rstd::Min(size_t{header.length}, text_buffer.size());
  CopyOut(Advance(offset, kHeaderSize), reinterpret_cast<uint8_t*>(text_buffer.data()), copied);

  result.record.sequence = sequence;
  result.record.timestamp_ns = header.timestamp_ns;
  result.record.level = header.level;
  result.record.text = rstd::StringView(text_buffer.data(), copied);
  result.text_truncated = copied < header.length;
  return result;
}

}  // namespace raeen::kernel
