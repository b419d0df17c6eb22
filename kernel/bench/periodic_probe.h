#pragma once
// The periodic real-time probe: a thread with an EDF/CBS server that wakes every period,
// works for a while and sleeps until its next release, optionally beside a CPU hog on every
// CPU. It measures what a game's frame thread would feel: how late each wake-up is, how far
// each period strays from the nominal one, and whether each job finished by its deadline.
// Used by the sched.edf test and the 120 Hz benchmarks.
//
// Under QEMU's TCG the host may stop a virtual CPU for a millisecond or more (host
// scheduling, QEMU's own locks) while the guest clock runs on: to the guest that time looks
// like the job ran, or like a late timer. The probe marks a job disturbed when it sees such a
// stall, and reports those jobs apart from the others, so that a miss in an undisturbed job
// is the scheduler's. A job is disturbed when
//   - its timer interrupt came more than kLateTimerNs after the release (the emulated timer
//     was late; the scheduler's part, interrupt to thread running, is measured on its own);
//   - the thread ran more than kLateTimerNs after that interrupt: the way there is a few
//     microseconds of kernel code on one CPU, so a millisecond means the host stopped this
//     virtual CPU, or another one holding a lock this one needed (the samples show it);
//   - its work loop, which reads the clock every few hundred nanoseconds, saw a gap above
//     kStallNs (the virtual CPU was not executing);
//   - the kernel charged it more than kStallNs beyond the time the thread saw itself run
//     (the stall hit its way into the kernel to block);
//   - it could only start after its release because a disturbed job ran into its period.
// The hogs on CPUs other than the probe's halt the virtual CPU between interrupts instead of
// spinning: to the scheduler they are threads that never block or yield, like any hog, but
// they leave the host's cores to the CPU that runs the probe (TCG cannot emulate four
// spinning CPUs on a 2-core host without stalling them).

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/admission.h"
#include "kernel/sched/sched_entity.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::bench {

inline constexpr uint64_t kStallNs = 300'000;
// TCG's emulated timer interrupts come 50-500 us late as a matter of course (p99 about 450 us
// on an idle host); one later than this is the host stalling QEMU.
inline constexpr uint64_t kLateTimerNs = 1'000'000;

struct PeriodicProbeConfig {
  sched::RtParams server;  // budget, period, relative deadline (0: the period)
  uint64_t work_ns;        // spun in each period; below the budget
  uint32_t periods;
  bool hogs;  // a fair thread that never yields on every CPU for the whole run
};

struct PeriodicProbeResult {
  uint32_t periods = 0;
  uint32_t cpu = 0;   // where the server was admitted
  uint32_t hogs = 0;
  // Jobs that finished after release + relative deadline, or that the kernel counted as a
  // deadline miss, and how many of them the host disturbed.
  uint32_t misses = 0;
  uint32_t disturbed_jobs = 0;
  uint32_t disturbed_misses = 0;
  uint64_t longest_stall_ns = 0;
  sched::SchedStats stats;  // the kernel's accounting: deadline misses, overruns, ...
};

// Per-period samples, each filled up to its span's size.
struct PeriodicProbeSamples {
  rstd::Span<uint64_t> wake_latency_ns;   // [k]: release k to the thread running
  rstd::Span<uint64_t> sched_latency_ns;  // [k]: its timer interrupt to the thread running
  rstd::Span<uint64_t> period_jitter_ns;  // [k]: |interval k between wake-ups - period|
};

// Runs the probe and waits for it. Errors: CreateThread's (kOutOfRange when no CPU can admit
// the server), kTimedOut when the probe did not finish in twice its nominal time plus 10 s
// (the scheduler's state is logged then).
Result<PeriodicProbeResult> RunPeriodicProbe(const PeriodicProbeConfig& config,
                                             const PeriodicProbeSamples& samples);

}  // namespace raeen::kernel::bench
