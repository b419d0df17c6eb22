// sched_set_realtime, sched_set_affinity, sched_isolate_cpu: scheduling from user space, each
// behind a capability (the thread's manage right; a cpu resource for reservations and
// isolation).

#include "kernel/object/resource.h"
#include "kernel/process/user_thread.h"
#include "kernel/sched/cpu_set.h"
#include "kernel/syscall/syscall_support.h"
#include "kernel/thread/scheduler.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

namespace {

// CpuSet::Contains is false for numbers past its range.
bool IsSchedulerCpu(uint32_t cpu) { return SchedulerCpus().Contains(cpu); }

// Runs `change` with the thread's kernel thread; kBadState once it has ended.
template <typename Change>
Status ChangeThread(UserThread& thread, Change change) {
  return thread.WithThread([&](Thread* kernel_thread) {
    if (kernel_thread == nullptr) return Status::kBadState;
    return change(kernel_thread).status();
  });
}

}  // namespace

Status SchedSetRealtime(HandleValue thread, HandleValue resource, int64_t budget_ns,
                        int64_t period_ns, uint32_t cpu) {
  RAEEN_TRY_STATUS(RefPtr<UserThread> target,
                   LookUp<UserThread>(thread, kSchedSetRealtimeThreadType,
                                      kSchedSetRealtimeThreadRights));
  RAEEN_TRY_STATUS(RefPtr<Resource> cpus,
                   LookUp<Resource>(resource, kSchedSetRealtimeResourceType,
                                    kSchedSetRealtimeResourceRights));
  if (budget_ns <= 0 || period_ns <= 0) return Status::kInvalidArgument;
  if (!IsSchedulerCpu(cpu) || !cpus->Covers(kernel::ResourceKind::kCpu, cpu, 1)) {
    return Status::kOutOfRange;
  }
  const sched::RtParams params{static_cast<uint64_t>(budget_ns),
                               static_cast<uint64_t>(period_ns), 0};
  const Status made = ChangeThread(
      *target, [&](Thread* t) { return MakeThreadRealTime(t, params, cpu); });
  // The scheduler's "no room on that CPU" is the contract's admission refusal.
  return made == Status::kOutOfRange ? Status::kQuotaExceeded : made;
}

Status SchedSetAffinity(HandleValue thread, uint64_t cpu_mask) {
  RAEEN_TRY_STATUS(RefPtr<UserThread> target,
                   LookUp<UserThread>(thread, kSchedSetAffinityThreadType,
                                      kSchedSetAffinityThreadRights));
  const sched::CpuSet affinity = sched::CpuSet::FromMask(cpu_mask);
  if (affinity.Intersect(SchedulerCpus()).empty()) return Status::kInvalidArgument;
  return ChangeThread(*target, [&](Thread* t) { return SetThreadAffinity(t, affinity); });
}

Status SchedIsolateCpu(HandleValue resource, uint32_t cpu, bool isolate) {
  RAEEN_TRY_STATUS(RefPtr<Resource> cpus,
                   LookUp<Resource>(resource, kSchedIsolateCpuResourceType,
                                    kSchedIsolateCpuResourceRights));
  if (!IsSchedulerCpu(cpu) || !cpus->Covers(kernel::ResourceKind::kCpu, cpu, 1)) {
    return Status::kOutOfRange;
  }
  return (isolate ? IsolateCpu(cpu) : UnisolateCpu(cpu)).status();
}

}  // namespace raeen::kernel::sys
