// The C++ side of interrupt_entry.S: every vector lands in HandleInterrupt. Exceptions are
// handled here; NMIs go to interrupt_nmi.h and vectors 32..255 to interrupt_dispatch.h.

#include "kernel/arch/x86_64/exceptions.h"

#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/arch/x86_64/interrupt_nmi.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/user_access.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/debug/panic.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

volatile uint64_t breakpoint_count = 0;

InterruptExitHook interrupt_exit_hook = nullptr;

}  // namespace

uint64_t BreakpointCount() { return breakpoint_count; }

void SetInterruptExitHook(InterruptExitHook hook) {
  __atomic_store_n(&interrupt_exit_hook, hook, __ATOMIC_RELEASE);
}

}  // namespace raeen::kernel::arch

extern "C" void HandleInterrupt(raeen::kernel::arch::InterruptFrame* frame) {
  using namespace raeen::kernel;
  if (frame->vector >= arch::vectors::kFirstExternal) {
    // The depth is back to zero before the hook: a thread switched to from there is not in
    // an interrupt handler.
    arch::PerCpu* cpu = arch::PerCpuReady() ? arch::CurrentCpu() : nullptr;
    if (cpu != nullptr) ++cpu->interrupt_depth;
    arch::DispatchExternalInterrupt(*frame);
    if (cpu != nullptr) --cpu->interrupt_depth;
    if (auto hook = __atomic_load_n(&arch::interrupt_exit_hook, __ATOMIC_ACQUIRE)) hook(*frame);
    if ((frame->cs & 3) == 3) arch::RunReturnToUserHook(*frame);
    return;
  }
  // NMIs are counted and the kernel continues (see interrupt_nmi.h).
  if (frame->vector == 2) {
    arch::HandleNmi(*frame);
    return;
  }
  // An exception in ring 3 is the process's problem, not the kernel's: it ends the thread's
  // process (unless a test in ring 3 expects it: user_mode_test.h).
  if ((frame->cs & 3) == 3) {
    if (arch::TryRecoverUserAccessFault(*frame)) return;
    if (arch::HandleUserException(*frame)) return;
    PanicWithFrame(*frame);
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
