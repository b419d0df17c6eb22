#pragma once
// logd's memory: the records it keeps (the kernel's, copied in, and what services wrote), the
// newest kept. It is the kernel log's ring (kernel/log/log_ring.h, pure logic) over logd's own
// storage, each record's text being "<source>\0<text>": sources never hold a NUL (logd
// refuses control characters in them). No allocation: the storage is handed in (logd uses a
// 256 KiB static array).
//
// Not synchronised: logd uses it from one thread at a time.

#include <stddef.h>
#include <stdint.h>

#include "kernel/log/log_ring.h"
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
  // The protocol's limits (log.ridl): longer sources and texts are cut to these.
  static constexpr size_t kMaxSourceSize = 64;
  static constexpr size_t kMaxTextSize = 1024;
  static constexpr size_t kMaxRecordSize =
      kernel::LogRing::kHeaderSize + kMaxSourceSize + 1 + kMaxTextSize;

  // `storage` must outlive the store and hold at least one largest record (kMaxRecordSize);
  // smaller storage keeps nothing: every record counts as missed at once.
  explicit LogStore(rstd::Span<uint8_t> storage)
      : ring_(storage.size() < kMaxRecordSize ? rstd::Span<uint8_t>() : storage) {}

  // Stores a record, evicting the oldest ones until it fits, and returns its sequence. A
  // source or text over its limit is cut (a cut text ends in "...").
  uint64_t Append(LogLevel level, uint64_t time_ns, rstd::StringView source, rstd::StringView text);

  // The oldest kept record whose sequence is >= `sequence`, its source and text copied into
  // the buffers (kMaxSourceSize and kMaxTextSize bytes hold any record; smaller buffers get a
  // cut copy). Errors: kNotFound when no such record exists (the reader is up to date).
  // Reading the log in order costs O(1) per record (LogRing::Read).
  Result<StoredRecord> Read(uint64_t sequence, rstd::Span<char> source_buffer,
                            rstd::Span<char> text_buffer) const;

  // The oldest kept record's sequence; == next_sequence() when the store is empty.
  uint64_t first_sequence() const { return ring_.first_sequence(); }
  // The sequence the next Append() returns.
  uint64_t next_sequence() const { return ring_.next_sequence(); }
  uint64_t record_count() const { return ring_.record_count(); }
  size_t used_bytes() const { return ring_.used_bytes(); }
  size_t capacity() const { return ring_.capacity(); }

 private:
  kernel::LogRing ring_;
};

}  // namespace raeen::logd
