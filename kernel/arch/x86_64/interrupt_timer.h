#pragma once
// The system timer: the kernel's TimerQueue (kernel/time/timer_queue.h) driven by this CPU's
// local APIC timer (apic_timer.h). Tickless: the hardware is armed for the earliest pending
// deadline only, and is idle when nothing is pending. Callbacks run in the timer interrupt
// (interrupts disabled); they must be short and must not block. One queue, on the boot CPU,
// until the SMP issue makes it per-CPU.

#include <stdint.h>

#include "kernel/arch/x86_64/apic_timer.h"
#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/time/timer_queue.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

// InitApicTimer, then registers the timer vector's handler. Errors: InitApicTimer's;
// kAlreadyExists if started twice.
Result<ApicTimerMode> StartSystemTimer(const CpuFeatures& features, bool force_one_shot);

// Queues `event` for monotonic time `deadline_ns` (TimerQueue::Add semantics) and re-arms
// the hardware when the earliest deadline changed. Safe with interrupts on or off, and from
// a timer callback. The event must stay alive until it fired or was cancelled.
void AddTimer(TimerEvent& event, uint64_t deadline_ns);
// TimerQueue::Cancel, with interrupts disabled around it.
bool CancelTimer(TimerEvent& event);

// The TSC read first thing in the latest timer interrupt: what latency measurements compare
// with the programmed deadline.
uint64_t LastTimerInterruptTsc();
// Timer interrupts taken since boot, including ones that found nothing expired.
uint64_t TimerInterruptCount();

}  // namespace raeen::kernel::arch
