#pragma once
// The kernel log's memory: a fixed byte ring of variable-length records that keeps the most
// recent messages for `dmesg`. No allocation: the storage is handed in (the kernel log uses a
// 64 KiB static array).
//
// Layout: records follow each other, wrapping at the end of the storage, each a 12-byte header
// {timestamp_ns (8), text length (2), level (1), reserved (1)} and the text. Sequence numbers
// are implicit: the oldest kept record has first_sequence(), the next one oldest + 1, ...
// Appending evicts the oldest whole records until the new one fits.
//
// Not synchronised: the Logger holds its lock around every call.

#include <stddef.h>
#include <stdint.h>

#include "kernel/log/log_record.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

class LogRing {
 public:
  static constexpr size_t kHeaderSize = 12;
  // Record text is limited by the 16-bit length field (and by the storage size).
  static constexpr size_t kMaxTextSize = 0xffff;

  struct ReadResult {
    LogRecord record;  // text points into the caller's buffer
    // Records between the requested sequence and record.sequence that were overwritten
    // before this read: the reader fell behind by this many.
    uint64_t missed = 0;
    // The text did not fit the caller's buffer and was cut (without a "..." marker).
    bool text_truncated = false;
  };

  // `storage` must outlive the ring. Storage smaller than kHeaderSize + 1 keeps nothing: every
  // record counts as missed at once.
  constexpr explicit LogRing(rstd::Span<uint8_t> storage)
      : storage_(storage.data()), capacity_(storage.size()) {}

  // Stores a record and returns its sequence number. Text longer than the ring can hold (or
  // than kMaxTextSize) is cut to fit and ends in "...", like any truncated log message.
  uint64_t Append(LogLevel level, uint64_t timestamp_ns, rstd::StringView text);

  // The oldest kept record whose sequence is >= `sequence`, its text copied into
  // `text_buffer`. A reader walks the log by starting at 0 and asking for
  // record.sequence + 1 next. Errors: kNotFound when no such record exists (the reader is up
  // to date, or everything it asked for was overwritten and nothing newer is kept).
  // Walks the headers from the oldest record, or from the last record read if that is still
  // kept and not newer, so reading the log in order costs O(1) per record.
  Result<ReadResult> Read(uint64_t sequence, rstd::Span<char> text_buffer) const;

  // The oldest kept record's sequence; == next_sequence() when the ring is empty.
  uint64_t first_sequence() const { return first_sequence_; }
  // The sequence the next Append() returns; also the number of records ever appended.
  uint64_t next_sequence() const { return next_sequence_; }
  uint64_t record_count() const { return next_sequence_ - first_sequence_; }
  size_t used_bytes() const { return used_; }
  size_t capacity() const { return capacity_; }

 private:
  struct Header {
    uint64_t timestamp_ns;
    uint16_t length;
    LogLevel level;
  };

  // Byte copies in and out of the ring, wrapping at the end of the storage.
  void CopyIn(size_t offset, const uint8_t* data, size_t size);
  void CopyOut(size_t offset, uint8_t* data, size_t size) const;
  void WriteHeader(size_t offset, const Header& header);
  Header ReadHeader(size_t offset) const;
  size_t Advance(size_t offset, size_t by) const;
  void EvictOldest();

  uint8_t* storage_;
  size_t capacity_;
  size_t head_ = 0;  // offset of the oldest record
  size_t used_ = 0;  // bytes held by records
  uint64_t first_sequence_ = 0;
  uint64_t next_sequence_ = 0;
  // Where the last Read() found its record; valid while hint_sequence_ >= first_sequence_
  // (records never move once written). A cache only: not part of the ring's state.
  mutable uint64_t hint_sequence_ = 0;
  mutable size_t hint_offset_ = 0;
};

}  // namespace raeen::kernel
