#pragma once
// Which CPUs a thread may run on, given its affinity and the isolated CPUs
// (docs/adr/0005-scheduler-policy.md, "Core isolation").
//
// The rule, in one place:
//   - A thread whose affinity lies entirely within the isolated CPUs is *bound* to them: it
//     runs on (affinity ∩ online) and nowhere else.
//   - Any other thread (the default affinity is every CPU) runs on
//     (affinity ∩ online) minus the isolated CPUs. So an unbound thread never runs on an
//     isolated CPU, and naming an isolated CPU alongside ordinary ones does not leak a thread
//     onto it: isolation is opt-in by binding, all or nothing.
// A thread whose allowed set is empty cannot run at all; the calls below refuse it with
// kInvalidArgument rather than pick a CPU it is not allowed on.
//
// Invariant: at least one online CPU is not isolated (Isolate refuses to break it), so the
// default affinity always has somewhere to run.
//
// Pure logic. Not synchronised: the owner serialises changes against lookups (isolation
// changes are rare and come from a capability-checked call; the thread layer migrates the
// unbound threads off a newly isolated CPU using AllowedCpus).

#include <stdint.h>

#include "kernel/sched/cpu_set.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::sched {

class CpuPlacement {
 public:
  // `online` must not be empty (kInvalidArgument from Create otherwise).
  static Result<CpuPlacement> Create(CpuSet online);

  // Errors: kOutOfRange if `cpu` is not online; kBadState if it is the last online CPU that
  // is not isolated. Isolating an isolated CPU is a no-op.
  Result<void> Isolate(uint32_t cpu);
  // Errors: kOutOfRange if `cpu` is not online.
  Result<void> Unisolate(uint32_t cpu);
  // A CPU starts taking threads (an application processor after start-up). Errors:
  // kOutOfRange for a CPU number >= kMaxCpus. Adding an online CPU is a no-op.
  Result<void> AddOnline(uint32_t cpu);

  CpuSet online() const { return online_; }
  CpuSet isolated() const { return isolated_; }
  bool IsIsolated(uint32_t cpu) const { return isolated_.Contains(cpu); }

  // True when `affinity` lies entirely within the isolated CPUs (and is not empty).
  bool IsBoundToIsolated(CpuSet affinity) const;
  // The CPUs a thread with `affinity` may run on (the rule above); may be empty.
  CpuSet AllowedCpus(CpuSet affinity) const;
  bool MayRunOn(CpuSet affinity, uint32_t cpu) const { return AllowedCpus(affinity).Contains(cpu); }

  // Chooses where to put a thread that becomes runnable: the allowed CPU with the fewest
  // runnable threads (`load[cpu]`, CPUs beyond load.size() count as unavailable), the lowest
  // number on ties. Errors: kInvalidArgument when no allowed CPU is available.
  Result<uint32_t> ChooseCpu(CpuSet affinity, rstd::Span<const uint32_t> load) const;

 private:
  explicit CpuPlacement(CpuSet online) : online_(online) {}

  CpuSet online_;
  CpuSet isolated_;  // always a subset of online_, never all of it
};

}  // namespace raeen::kernel::sched
