#pragma once

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"

namespace raeen::kernel::arch {

// Called after every external interrupt's handler and EOI, still on the interrupted stack
// with interrupts disabled: where the scheduler preempts (kernel/thread/scheduler.h). Set
// once, before interrupts are enabled on any CPU that should use it.
using InterruptExitHook = void (*)(const InterruptFrame& frame);
void SetInterruptExitHook(InterruptExitHook hook);

// How many int3 breakpoints the kernel has handled and resumed from.
uint64_t BreakpointCount();

}  // namespace raeen::kernel::arch
