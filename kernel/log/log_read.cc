#include "kernel/log/log_read.h"

namespace raeen::kernel {

Result<LogReadResult> ReadLogRecord(Logger& log, uint64_t sequence, rstd::Span<char> text_buffer) {
  RAEEN_TRY(LogRing::ReadResult read, log.Read(sequence, text_buffer));
  if (read.text_truncated) return Error(Status::kBufferTooSmall);
  LogReadResult result{};
  result.header.sequence = read.record.sequence;
  result.header.timestamp_ns = read.record.timestamp_ns;
  result.header.missed = read.missed;
  result.header.text_size = static_cast<uint32_t>(read.record.text.size());
  result.header.level = static_cast<uint32_t>(read.record.level);
  result.text = read.record.text;
  return result;
}

}  // namespace raeen::kernel
