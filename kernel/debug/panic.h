#pragma once
// Panic: the kernel found one of its own invariants broken. Never for bad user input.

#include "libs/rstd/format.h"

namespace raeen::kernel {

// Prints the message, the caller's backtrace and stops this CPU. Under KTEST (or when
// isa-debug-exit is present) QEMU exits with the panic code.
[[noreturn]] void PanicMessage(rstd::StringView message);

template <typename... Args>
[[noreturn]] void Panic(rstd::StringView format, const Args&... args) {
  char buffer[512];
  PanicMessage(rstd::FormatTo(buffer, sizeof(buffer), format, args...));
}

}  // namespace raeen::kernel

#define RAEEN_ASSERT(condition)                                                              \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      ::raeen::kernel::Panic("assertion failed: {} ({}:{})", #condition, __FILE__, __LINE__); \
    }                                                                                        \
  } while (0)
