#pragma once
// The system timer: one TimerQueue (kernel/time/timer_queue.h) per CPU, driven by that CPU's
// local APIC timer (apic_timer.h). Tickless: each CPU's hardware is armed for its earliest
// pending deadline only, and is idle when nothing is pending.
//
// An event is added to the queue of the CPU that adds it, and its callback runs there, in
// the timer interrupt, with interrupts disabled and no spinlock held (so a callback may wake
// threads or add timers). Callbacks must be short and must not block. Any CPU may cancel any
// event: each queue has its own spinlock (rank kTimerQueue).

#include <stdint.h>

#include "kernel/arch/x86_64/apic_timer.h"
#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/time/timer_queue.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

// Boot CPU: InitApicTimer, then registers the timer vector's handler. Errors: InitApicTimer's;
// kAlreadyExists if started twice.
Result<ApicTimerMode> StartSystemTimer(const CpuFeatures& features, bool force_one_shot);
// An application processor: its own local APIC timer, in the mode the boot CPU chose.
Result<void> StartSystemTimerOnThisCpu();

// Queues `event` on this CPU for monotonic time `deadline_ns` (TimerQueue::Add semantics;
// an event queued on another CPU is moved here) and re-arms the hardware when the earliest
// deadline changed. Safe with interrupts on or off, and from a timer callback. The event
// must stay alive until it fired or was cancelled.
void AddTimer(TimerEvent& event, uint64_t deadline_ns);
// Dequeues `event` from whichever CPU's queue holds it; false if it was not queued. Its
// callback may still be running on some CPU when this returns false.
bool CancelTimer(TimerEvent& event);
// CancelTimer, then waits until no CPU is running the event's callback: afterwards the
// event (and what its callback uses) may be freed. Not from the event's own callback.
bool CancelTimerSync(TimerEvent& event);

// The TSC read first thing in the latest timer interrupt on this CPU: what latency
// measurements compare with the programmed deadline.
uint64_t LastTimerInterruptTsc();
// Timer interrupts taken since boot on all CPUs, including ones that found nothing expired.
uint64_t TimerInterruptCount();

// CPU `cpu`'s pending events and the earliest deadline (0 when none), for diagnostics.
struct TimerQueueState {
  size_t pending;
  uint64_t next_deadline_ns;
};
TimerQueueState TimerQueueStateOf(uint32_t cpu);

}  // namespace raeen::kernel::arch
