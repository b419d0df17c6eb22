#pragma once
// The system log from a program's side: reading records from logd (services/logd) and writing
// to it, over services/contracts/log.ridl. Writing connects to "log" (the manifest needs
// `lookup = log`); reading to "log-reader" (`lookup = log-reader`: the kernel's records hold
// kernel addresses, docs/kaslr.md rule 2, so reading is granted apart). Each connection is made
// at the first call and made again, once per call, if logd went away (svcmgr restarts it).
// Use the calls from one thread at a time.
//
//   for (uint64_t next = 0;;) {
//     Result<LogRecord> record = ReadLogRecord(next);
//     if (!record.ok()) break;  // kNotFound: up to date
//     if (record->missed != 0) ...;  // the log overwrote that many before we got to them
//     next = record->sequence + 1;
//   }

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"
#include "raeen/protocols/log.h"

namespace raeen::rae {

using LogLevel = protocol::log::LogLevel;

struct LogRecord {
  static constexpr size_t kMaxSourceSize = 64;
  static constexpr size_t kMaxTextSize = 1024;

  uint64_t sequence = 0;  // in logd's log: 0 for the first record, then +1 per record
  uint64_t time_ns = 0;   // monotonic time the record was made
  LogLevel level = LogLevel::kInfo;
  // Records from the sequence asked for up to this one that logd no longer keeps.
  uint64_t missed = 0;
  // Which logd answered. A restarted logd starts its sequence over: a reader that sees this
  // change starts again from 0 (or from the sequence it has in this instance's terms).
  uint64_t instance = 0;

  // "kernel" for the kernel log's records (debug_write lines among them, as "[program] text"),
  // "logd" for logd's own, else the name of the program that wrote it.
  rstd::StringView source() const { return rstd::StringView(source_bytes, source_size); }
  rstd::StringView text() const { return rstd::StringView(text_bytes, text_size); }

  char source_bytes[kMaxSourceSize] = {};
  size_t source_size = 0;
  char text_bytes[kMaxTextSize] = {};
  size_t text_size = 0;
};

// The first record whose sequence is >= `from_sequence` (if that one was overwritten, the
// oldest kept one, with `missed` set). Errors: kNotFound when there is no such record yet (the
// reader is up to date); Connect's (kNotFound: nobody provides "log-reader", kAccessDenied:
// not in the manifest's lookup list); the channel's (kPeerClosed when logd went away again after a
// reconnection); kCorrupt for a reply that is not one.
Result<LogRecord> ReadLogRecord(uint64_t from_sequence);

// Appends `text` (one line; up to 1024 bytes, longer is cut) to the log under this program's
// name (StartInfo().name). Errors: StartInfo's, kInvalidArgument when the name is not a valid
// source (empty, spaces, or logd's reserved "kernel" and "logd"), and ReadLogRecord's
// connection and channel errors.
Status WriteLog(LogLevel level, rstd::StringView text);

}  // namespace raeen::rae
