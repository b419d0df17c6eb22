#pragma once
// The kernel log as log_read (kernel/syscall/sys_log.cc) reports it: one record at or after a
// sequence number, as the ABI's LogRecordHeader plus its text. Kept apart from the syscall so
// that the rules (what a reader that fell behind learns, where the log ends) are tested on
// the host against a private Logger.

#include <stddef.h>
#include <stdint.h>

#include "kernel/log/logger.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscall_types.h"

namespace raeen::kernel {

// A text buffer of this size holds any record the Logger makes (it cuts messages to
// kMessageCapacity - 1 bytes), so a read into it never loses text.
inline constexpr size_t kLogReadTextCapacity = Logger::kMessageCapacity;

struct LogReadResult {
  sys::LogRecordHeader header;
  rstd::StringView text;  // in the caller's buffer, header.text_size bytes
};

// The first record whose sequence is >= `sequence`, its text copied into `text_buffer` (give
// it kLogReadTextCapacity bytes). If `sequence` was overwritten already, the oldest kept
// record comes back with header.missed = how many records the reader lost. Takes the log's
// lock (interrupts off) for the copy only. Errors: kNotFound when no such record exists (the
// reader is up to date); kBufferTooSmall when `text_buffer` cannot hold the whole text (the
// result is not returned then: the header alone would claim text that is not there).
Result<LogReadResult> ReadLogRecord(Logger& log, uint64_t sequence, rstd::Span<char> text_buffer);

}  // namespace raeen::kernel
