#pragma once
// The kernel log, the one place kernel code reports what it does:
//
//   LogInfo("memory: {} MiB usable", usable >> 20);
//   LogWarn("acpi: no MADT, assuming one CPU");
//
// Each record gets a level and a timestamp, is kept in a 64 KiB ring for `dmesg` and goes to
// the sinks (serial port, framebuffer console) as `[    0.004211] info: message`. The format
// syntax is rstd::Format's. See kernel/log/logger.h for locking and panic behaviour.
//
// Boot wiring (kernel/main.cc): KernelLog().SetClock(...), AddSink(serial, true),
// AddSink(framebuffer console, true) + Replay(framebuffer console, true) for what came before.

#include "kernel/log/log_record.h"
#include "kernel/log/logger.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

// Bytes of record storage in the kernel log's ring.
inline constexpr size_t kKernelLogRingSize = 64 * 1024;

// The kernel's log, constant-initialised: usable from the first instruction of KernelMain
// (records made before a sink is added are kept in the ring and can be replayed).
Logger& KernelLog();

template <typename... Args>
void LogDebug(rstd::StringView format, const Args&... args) {
  KernelLog().Log(LogLevel::kDebug, format, args...);
}

template <typename... Args>
void LogInfo(rstd::StringView format, const Args&... args) {
  KernelLog().Log(LogLevel::kInfo, format, args...);
}

template <typename... Args>
void LogWarn(rstd::StringView format, const Args&... args) {
  KernelLog().Log(LogLevel::kWarn, format, args...);
}

template <typename... Args>
void LogError(rstd::StringView format, const Args&... args) {
  KernelLog().Log(LogLevel::kError, format, args...);
}

// Writes `text` straight to the sinks, without prefix or newline (for the panic report).
inline void LogRaw(rstd::StringView text) {
  KernelLog().Raw(text);
}

}  // namespace raeen::kernel
