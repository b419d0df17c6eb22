#pragma once
// RunQueue: one CPU's scheduler, the interface the kernel thread layer calls
// (docs/adr/0005-scheduler-policy.md). Classes in priority order: real-time (EDF over hard
// CBS servers, rt_class.h), fair (virtual runtime, fair_class.h), then idle.
//
// The protocol, all with `now` from the monotonic clock (nothing here reads a clock):
//   pick = PickNext(now);       // puts the previous current back, returns who runs next
//   ... run pick.entity until pick.run_until_ns (arm a one-shot timer for it, none if
//       kNoDeadline), an interrupt wakes someone, or it blocks ...
//   Charge(*pick.entity, ran, now);   // always, before anything else on this run queue
//   Dequeue(*pick.entity, now);       // if it blocked
//   Enqueue(other, now);              // wake-ups; true means "preempt the current one"
//   PickNext(now) again when run_until_ns is reached, the current blocked, or Enqueue said so.
//
// Tickless: run_until_ns is the next time the scheduler must look again: the end of a
// real-time budget, the end of a fair slice when another fair thread is waiting, or the next
// real-time replenishment. A CPU with one runnable fair thread (or none) and no throttled
// real-time server gets kNoDeadline: no timer at all until something wakes.
//
// Invariants:
//   - current() is the entity PickNext returned last, until it is dequeued; it is on no list.
//   - An entity is on at most one run queue; Enqueue refuses one that is not blocked.
//   - Only entities the CPU placement allows on this CPU are enqueued here (isolation), and a
//     real-time entity only on the run queue that admitted it.
//   - admission().used_ppm() is the sum of the densities of the entities admitted here.
//
// Not synchronised: the owner (the per-CPU scheduler lock, or interrupts off on this CPU)
// serialises every call. No call allocates or blocks.

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/admission.h"
#include "kernel/sched/cpu_placement.h"
#include "kernel/sched/fair_class.h"
#include "kernel/sched/rt_class.h"
#include "kernel/sched/sched_entity.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::sched {

inline constexpr uint64_t kNoDeadline = ~uint64_t{0};

struct Pick {
  SchedEntity* entity = nullptr;        // null: the CPU idles (halts)
  uint64_t slice_ns = 0;                // how long it may run; kNoDeadline if unbounded
  uint64_t run_until_ns = kNoDeadline;  // absolute; kNoDeadline: no timer needed
};

class RunQueue {
 public:
  // `placement` must outlive the run queue.
  RunQueue(uint32_t cpu, const CpuPlacement& placement, uint32_t rt_bound_ppm = kDefaultRtBoundPpm)
      : cpu_(cpu), placement_(&placement), admission_(rt_bound_ppm) {}
  RunQueue(const RunQueue&) = delete;
  RunQueue& operator=(const RunQueue&) = delete;

  // Makes a blocked entity real-time on this CPU with the given server, or changes the server
  // of one admitted here. Errors (nothing changes on error):
  //   kBadState         the entity is not blocked, or is real-time on another CPU;
  //   kInvalidArgument  malformed parameters, or the placement does not allow it here;
  //   kOutOfRange       admission: this CPU's real-time density would exceed the bound.
  Result<void> MakeRealTime(SchedEntity& entity, const RtParams& params);
  // Makes a blocked real-time entity admitted here fair again, releasing its reservation.
  // Errors: kBadState if it is not blocked or not real-time on this CPU.
  Result<void> MakeFair(SchedEntity& entity);

  // The entity becomes runnable here (wake-up, new thread or migration). Returns whether the
  // current entity should be preempted now (the woken one beats it). Errors: kBadState if it
  // is not blocked; kInvalidArgument if the placement does not allow it on this CPU or it is
  // real-time and admitted elsewhere.
  Result<bool> Enqueue(SchedEntity& entity, uint64_t now);
  // The entity stops being runnable (blocks, exits, or leaves to migrate): if it is the
  // current one the CPU must PickNext. For a real-time entity its job is finished (a miss is
  // counted if now is past the job's deadline). Errors: kInvalidArgument if it is not on this
  // run queue.
  Result<void> Dequeue(SchedEntity& entity, uint64_t now);
  // Chooses who runs from `now`; see the protocol above.
  Pick PickNext(uint64_t now);
  // The synchronous hand-off of IPC (a channel call): `entity`, queued here and fair, was
  // just woken by the current entity, which blocks next to wait for it. The next PickNext
  // takes it ahead of fair entities with less vruntime, as long as it is within the wake-up
  // granularity of the first one (so a pair of threads calling each other cannot starve the
  // rest); real-time entities still go first. The hint ends with that PickNext, or when the
  // entity leaves. Ignored for an entity that is not fair and queued here.
  void PreferNext(SchedEntity& entity);
  // Accounts `ran_ns` of running by the current entity, ending at `now`: per-thread
  // statistics, real-time budget (exhaustion throttles it from the next PickNext), fair
  // vruntime. Errors: kBadState if `entity` is not current().
  Result<void> Charge(SchedEntity& entity, uint64_t ran_ns, uint64_t now,
                      ExecMode mode = ExecMode::kUser);

  // The current entity gives way to the other fair entities (FairClass::Yield) before the
  // next PickNext. A real-time entity keeps its deadline order: yielding changes nothing.
  void YieldCurrent();

  // Takes the queued (not running) fair entity that has the least claim to this CPU (the most
  // vruntime) among those `accept` approves, off this run queue as Dequeue would; null if
  // none. For moving threads between CPUs: load balancing and isolation.
  using EntityFilter = bool (*)(const SchedEntity& entity, const void* context);
  SchedEntity* TakeQueuedFair(EntityFilter accept, const void* context, uint64_t now);
  // The entity TakeQueuedFair would take, left where it is.
  SchedEntity* FindQueuedFair(EntityFilter accept, const void* context) const;

  // Whether `entity` may run here under the placement rules (its affinity and isolation).
  bool Allows(const SchedEntity& entity) const {
    return placement_->MayRunOn(entity.affinity_, cpu_);
  }

  SchedEntity* current() const { return current_; }
  // The entity PreferNext marked, while it is still queued here and not yet picked.
  SchedEntity* preferred() const { return preferred_; }
  uint32_t cpu() const { return cpu_; }
  // Runnable entities here: queued, throttled and the current one.
  size_t runnable_count() const {
    return rt_.ready_count() + rt_.throttled_count() + fair_.queued_count() +
           (current_ != nullptr ? 1 : 0);
  }
  const Admission& admission() const { return admission_; }
  const FairClass& fair() const { return fair_; }
  uint64_t idle_ns() const { return idle_ns_; }
  uint64_t switches() const { return switches_; }

 private:
  bool ShouldPreempt(const SchedEntity& woken) const;
  uint64_t ClampToReplenish(uint64_t until) const;

  uint32_t cpu_;
  const CpuPlacement* placement_;
  Admission admission_;
  RtClass rt_;
  FairClass fair_;
  SchedEntity* current_ = nullptr;
  SchedEntity* preferred_ = nullptr;  // PreferNext: queued here, fair
  bool idle_ = false;  // PickNext last returned idle, since idle_since_
  uint64_t idle_since_ = 0;
  uint64_t idle_ns_ = 0;
  uint64_t switches_ = 0;
};

}  // namespace raeen::kernel::sched
