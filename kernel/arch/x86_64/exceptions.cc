// The C++ side of interrupt_entry.S: every exception lands in HandleInterrupt.

#include "kernel/arch/x86_64/exceptions.h"

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/debug/panic.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

volatile uint64_t breakpoint_count = 0;

}  // namespace

uint64_t BreakpointCount() { return breakpoint_count; }

}  // namespace raeen::kernel::arch

extern "C" void HandleInterrupt(raeen::kernel::arch::InterruptFrame* frame) {
  using namespace raeen::kernel;
  // int3 is the one exception the kernel resumes from: debuggers and tests use it.
  if (frame->vector == 3) {
    arch::breakpoint_count = arch::breakpoint_count + 1;
    LogDebug("breakpoint at {:#x}", frame->rip);
    return;
  }
  PanicWithFrame(*frame);
}
