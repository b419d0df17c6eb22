#pragma once
// The text form of a log record, the same on every sink and in `dmesg`:
//
//   [   12.345678] warn: message\n
//
// The timestamp is seconds since boot with six decimals, right-aligned in 12 columns (it
// grows past them after ~27 hours). With colour, "warn" is yellow and "error" bright red,
// set by ANSI SGR sequences (ECMA-48 8.3.117) that the serial terminal and the framebuffer
// console both understand.

#include <stdint.h>

#include "kernel/log/log_record.h"
#include "libs/rstd/format.h"

namespace raeen::kernel {

// Writes "[   12.345678] level: ".
void WriteLogPrefix(rstd::Writer& out, uint64_t timestamp_ns, LogLevel level, bool ansi_color);

// Writes the prefix, the record's text and "\n".
void WriteLogLine(rstd::Writer& out, const LogRecord& record, bool ansi_color);

}  // namespace raeen::kernel
