#include "services/logd/log_store.h"

#include "libs/rstd/utility.h"

namespace raeen::logd {

namespace {

constexpr rstd::StringView kMarker = "...";

// The protocol's levels and the kernel log's have the same numbers (log.ridl, log_record.h).
static_assert(static_cast<uint8_t>(LogLevel::kDebug) ==
                  static_cast<uint8_t>(kernel::LogLevel::kDebug) &&
              static_cast<uint8_t>(LogLevel::kError) ==
                  static_cast<uint8_t>(kernel::LogLevel::kError));

}  // namespace

uint64_t LogStore::Append(LogLevel level, uint64_t time_ns, rstd::StringView source,
                          rstd::StringView text) {
  char record[kMaxSourceSize + 1 + kMaxTextSize];
  const size_t source_size = rstd::Min(source.size(), kMaxSourceSize);
  __builtin_memcpy(record, source.data(), source_size);
  record[source_size] = '\0';
  char* const text_at = record + source_size + 1;
  if (text.size() > kMaxTextSize) {
    const size_t keep = kMaxTextSize - kMarker.size();
    __builtin_memcpy(text_at, text.data(), keep);
    __builtin_memcpy(text_at + keep, kMarker.data(), kMarker.size());
  } else if (!text.empty()) {
    __builtin_memcpy(text_at, text.data(), text.size());
  }
  const size_t size = source_size + 1 + rstd::Min(text.size(), kMaxTextSize);
  return ring_.Append(static_cast<kernel::LogLevel>(level), time_ns,
                      rstd::StringView(record, size));
}

Result<StoredRecord> LogStore::Read(uint64_t sequence, rstd::Span<char> source_buffer,
                                    rstd::Span<char> text_buffer) const {
  char record[kMaxSourceSize + 1 + kMaxTextSize];
  RAEEN_TRY(kernel::LogRing::ReadResult read,
            ring_.Read(sequence, rstd::Span<char>(record, sizeof(record))));
  const rstd::StringView stored = read.record.text;
  const size_t split = rstd::Min(stored.find('\0'), stored.size());
  const rstd::StringView source = stored.substr(0, split);
  const rstd::StringView text = split < stored.size() ? stored.substr(split + 1) : "";
  const size_t source_size = rstd::Min(source.size(), source_buffer.size());
  const size_t text_size = rstd::Min(text.size(), text_buffer.size());
  if (source_size != 0) __builtin_memcpy(source_buffer.data(), source.data(), source_size);
  if (text_size != 0) __builtin_memcpy(text_buffer.data(), text.data(), text_size);
  StoredRecord result;
  result.sequence = read.record.sequence;
  result.time_ns = read.record.timestamp_ns;
  result.level = static_cast<LogLevel>(read.record.level);
  result.source = rstd::StringView(source_buffer.data(), source_size);
  result.text = rstd::StringView(text_buffer.data(), text_size);
  result.missed = read.missed;
  return result;
}

}  // namespace raeen::logd
