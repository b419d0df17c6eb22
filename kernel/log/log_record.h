#pragma once
// One kernel log record: what the log ring stores and what `dmesg` reads back.

#include <stdint.h>

#include "libs/rstd/string_view.h"

namespace raeen::kernel {

enum class LogLevel : uint8_t { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "debug", "info", "warn", "error" (and "?" for a value outside the enum).
constexpr rstd::StringView LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "?";
}

struct LogRecord {
  uint64_t sequence = 0;      // 0 for the first record since boot, then +1 per record
  uint64_t timestamp_ns = 0;  // nanoseconds since boot, from the log's clock
  LogLevel level = LogLevel::kInfo;
  rstd::StringView text;  // the message, without prefix or final newline
};

}  // namespace raeen::kernel
