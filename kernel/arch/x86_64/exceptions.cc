// The C++ side of interrupt_entry.S: every vector lands in HandleInterrupt. Exceptions are
// handled here; NMIs go to interrupt_nmi.h and vectors 32..255 to interrupt_dispatch.h.

#include "kernel/arch/x86_64/exceptions.h"

#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/arch/x86_64/interrupt_nmi.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/user_access.h"
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
  if (frame->vector >= arch::vectors::kFirstExternal) {
    arch::DispatchExternalInterrupt(*frame);
    return;
  }
  // NMIs are counted and the kernel continues (see interrupt_nmi.h).
  if (frame->vector == 2) {
    arch::HandleNmi(*frame);
    return;
  }
  // int3 is the one exception the kernel resumes from: debuggers and tests use it.
  if (frame->vector == 3) {
    arch::breakpoint_count = arch::breakpoint_count + 1;
    LogDebug("breakpoint at {:#x}", frame->rip);
    return;
  }
  // Expected faults (in a user-copy routine, or from a test in ring 3) do not panic.
  if (arch::TryRecoverUserAccessFault(*frame)) return;
  PanicWithFrame(*frame);
}
