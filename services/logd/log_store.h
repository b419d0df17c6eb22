#pragma once
// logd's memory: a byte ring of variable-length records (the kernel's, copied in, and what
// services wrote), the newest kept. No allocation: the storage is handed in (logd uses a
// 256 KiB static array).
//
// Layout: records follow each other, wrapping at the end of the storage, each a 12-byte header
// {time_ns (8), text length (2), source length (1), level (1)}, the source and the text.
// Sequence numbers are implicit: the oldest kept record has first_sequence(), the next one
// oldest + 1, ... Appending evicts the oldest whole records until the new one fits.
//
// Not synchronised: logd uses it from one thread at a time.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/protocols/log.h"

namespace raeen::logd {

using protocol::log::LogLevel;

struct StoredRecord {
  uint64_t sequence = 0;
  uint64_t time_ns = 0;
  LogLevel level = LogLevel::kInfo;
  rstd::StringView source;  // in the caller's buffers
  rstd::StringView text;
  // Records between the sequence asked for and this one that were evicted before the read.
  uint64_t missed = 0;
};

class LogStore {
 public:
  static constexpr size_t kHeaderSize = 12;
  // The protocol's limits (log.ridl): longer sources and texts are cut to these.
  static constexpr size_t kMaxSourceSize = 64;
  static constexpr size_t kMaxTextSize = 1024;
  static constexpr size_t kMaxRecordSize = kHeaderSize + kMaxSourceSize + kMaxTextSize;

  // `storage` must outlive the store and hold at least one largest record (kMaxRecordSize);
  // smaller storage keeps nothing: every record counts as missed at once.
  explicit LogStore(rstd::Span<uint8_t> storage)
      : storage_(storage.data()), capacity_(storage.size()) {}

  // Stores a record, evicting the oldest ones until it fits, and returns its sequence. A
  // source or text over its limit is cut (a cut text ends in "...").
  uint64_t Append(LogLevel level, uint64_t time_ns, rstd::StringView source, rstd::StringView text);

  // The oldest kept record whose sequence is >= `sequence`, its source and text copied into
  // the buffers (kMaxSourceSize and kMaxTextSize bytes hold any record; smaller buffers get a
  // cut copy). Errors: kNotFound when no such record exists (the reader is up to date).
  // Walks the headers from the oldest record, or from the last record read if that is still
  // kept and not newer, so reading the log in order costs O(1) per record.
  Result<StoredRecord> Read(uint64_t sequence, rstd::Span<char> source_buffer,
                            rstd::Span<char> text_buffer) const;

  // The oldest kept record's sequence; == next_sequence() when the store is empty.
  uint64_t first_sequence() const { return first_sequence_; }
  // The sequence the next Append() returns.
  uint64_t next_sequence() const { return next_sequence_; }
  uint64_t record_count() const { return next_sequence_ - first_sequence_; }
  size_t used_bytes() const { return used_; }
  size_t capacity() const { return capacity_; }

 private:
  struct Header {
    uint64_t time_ns;
    uint16_t text_size;
    uint8_t source_size;
    LogLevel level;
  };

  void CopyIn(size_t offset, const void* data, size_t size);
  void CopyOut(size_t offset, void* data, size_t size) const;
  void WriteHeader(size_t offset, const Header& header);
  Header ReadHeader(size_t offset) const;
  size_t Advance(size_t offset, size_t by) const { return (offset + by) % capacity_; }
  static size_t RecordSize(const Header& header) {
    return kHeaderSize + header.source_size + header.text_size;
  }
  void EvictOldest();

  uint8_t* storage_;
  size_t capacity_;
  size_t head_ = 0;  // offset of the oldest record
  size_t used_ = 0;  // bytes held by records
  uint64_t first_sequence_ = 0;
  uint64_t next_sequence_ = 0;
  // Where the last Read() found its record; valid while hint_sequence_ >= first_sequence_
  // (records never move once written). A cache only.
  mutable uint64_t hint_sequence_ = 0;
  mutable size_t hint_offset_ = 0;
};

}  // namespace raeen::logd
