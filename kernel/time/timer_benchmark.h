#pragma once
// The timer-latency benchmark (`bench=all` on the kernel command line; the caller checks
// that): N one-shot timer events, each 100..200 µs ahead, one at a time; for each, the time
// the timer interrupt was entered minus the programmed deadline. Logs one line for
// `./rae bench`:
//
//   @bench-dist time.timer_latency ns n=2000 p50=.. p99=.. p999=.. max=..
//
// Needs interrupts and the system timer (kernel/arch/x86_64/interrupt_setup.h); logs a
// warning and measures nothing without them.

namespace raeen::kernel {

void RunTimerBenchmarks();

}  // namespace raeen::kernel
