#pragma once
// Panic: the kernel found one of its own invariants broken, or the CPU raised an exception
// the kernel cannot handle. Never used for bad input from user space.
//
// The report goes to every log sink (serial and screen): the message, for exceptions the
// vector, the decoded error code and all registers, then a symbolized backtrace. Then QEMU's
// isa-debug-exit is told (status 37) and the CPU halts.

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/debug/backtrace.h"
#include "kernel/debug/symbolizer.h"
#include "libs/rstd/format.h"

namespace raeen::kernel {

// What the panic report needs to know about the running kernel. Set once during boot; until
// then reports print raw addresses.
struct PanicContext {
  const Symbolizer* symbolizer = nullptr;
  uint64_t kernel_virt = 0;   // load address = slide (the kernel is linked at 0)
  uint64_t kernel_size = 0;
  StackRange boot_stack{};
};
void SetPanicContext(const PanicContext& context);

// Writes "0xffffffff80012345 raeen::kernel::Foo()+0x1c" for a kernel code address.
void WriteSymbolizedAddress(rstd::Writer& out, uint64_t address);

// Writes the return addresses of the frame chain starting at `rbp`, one per line.
void WriteBacktrace(rstd::Writer& out, uint64_t rbp);

[[noreturn]] void PanicMessage(rstd::StringView message);
[[noreturn]] void PanicWithFrame(const arch::InterruptFrame& frame);

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
