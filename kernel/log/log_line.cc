#include "kernel/log/log_line.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kNanosecondsPerSecond = 1'000'000'000;
constexpr uint64_t kNanosecondsPerMicrosecond = 1'000;

// SGR 33 (yellow), 91 (bright red), 0 (reset). [ECMA-48 8.3.117; 90-97 from aixterm]
constexpr rstd::StringView kSgrYellow = "\x1b[33m";
constexpr rstd::StringView kSgrBrightRed = "\x1b[91m";
constexpr rstd::StringView kSgrReset = "\x1b[0m";

rstd::StringView LevelColor(LogLevel level) {
  switch (level) {
    case LogLevel::kWarn: return kSgrYellow;
    case LogLevel::kError: return kSgrBrightRed;
    case LogLevel::kDebug:
    case LogLevel::kInfo: break;
  }
  return {};
}

}  // namespace

void WriteLogPrefix(rstd::Writer& out, uint64_t timestamp_ns, LogLevel level, bool ansi_color) {
  // Integer arithmetic only: the kernel has no floating point.
  uint64_t seconds = timestamp_ns / kNanosecondsPerSecond;
  uint64_t microseconds = timestamp_ns % kNanosecondsPerSecond / kNanosecondsPerMicrosecond;
  rstd::Format(out, "[{:5}.{:06}] ", seconds, microseconds);
  rstd::StringView color = ansi_color ? LevelColor(level) : rstd::StringView();
  if (!color.empty()) {
    out.Write(color);
    out.Write(LogLevelName(level));
    out.Write(kSgrReset);
  } else {
    out.Write(LogLevelName(level));
  }
  out.Write(": ");
}

void WriteLogLine(rstd::Writer& out, const LogRecord& record, bool ansi_color) {
  WriteLogPrefix(out, record.timestamp_ns, record.level, ansi_color);
  out.Write(record.text);
  out.Write("\n");
}

}  // namespace raeen::kernel
