#pragma once
// The periodic real-time probe: a thread with an EDF/CBS server that wakes every period,
// works for a while and sleeps until its next release, optionally beside a CPU hog on every
// CPU. It measures what a game's frame thread would feel: how late each wake-up is, how far
// each period strays from the nominal one, and whether each job finished by its deadline.
// Used by the sched.edf test and the 120 Hz benchmarks.
//
// Under QEMU's TCG the host may stop a virtual CPU for a millisecond or more (host
// scheduling, QEMU's own locks) while the guest clock runs on: to the guest that time looks
// like the job ran. The probe detects such stalls where it can — its work loop reads the
// clock every few hundred nanoseconds, so a gap above kStallNs means the virtual CPU was not
// executing — and reports the jobs they disturbed apart from the others: a miss in an
// undisturbed job is the scheduler's. The hogs on CPUs other than the probe's halt the
// virtual CPU between interrupts instead of spinning: to the scheduler they are threads that
// never block or yield, like any hog, but they leave the host's cores to the CPU that runs
// the probe (TCG cannot emulate four spinning CPUs on a 2-core host without stalling them).

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/admission.h"
#include "kernel/sched/sched_entity.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::bench {

inline constexpr uint64_t kStallNs = 300'000;

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
  // deadline miss, split by whether a stall of the virtual CPU was seen during the job.
  uint32_t misses = 0;
  uint32_t disturbed_jobs = 0;
  uint32_t disturbed_misses = 0;
  uint64_t longest_stall_ns = 0;
  sched::SchedStats stats;  // the kernel's accounting: deadline misses, overruns, ...
};

// Runs the probe and waits for it. `wake_latency_ns[k]` gets how long after release k the
// thread ran; `period_jitter_ns[k]` how far the k-th interval between wake-ups was from the
// period (both up to the span's size). Errors: CreateThread's (kOutOfRange when no CPU can
// admit the server), kTimedOut when the probe did not finish in twice its nominal time
// plus 10 s.
Result<PeriodicProbeResult> RunPeriodicProbe(const PeriodicProbeConfig& config,
                                             rstd::Span<uint64_t> wake_latency_ns,
                                             rstd::Span<uint64_t> period_jitter_ns);

}  // namespace raeen::kernel::bench
