#pragma once
// The real-time class: EDF over hard CBS servers, one CPU (docs/adr/0005-scheduler-policy.md).
//
// Each real-time entity is a Constant Bandwidth Server with budget Q, period T and relative
// deadline D <= T (RtParams) [Abeni & Buttazzo, "Integrating Multimedia Applications in Hard
// Real-Time Systems", RTSS 1998]. Its state is the remaining budget q and the scheduling
// deadline d. The rules, all in this file:
//   - EDF: the ready entity with the earliest d runs (FIFO among equal d).
//   - Budget: running time is charged to q. When q reaches 0 the server is *throttled* (hard
//     CBS) until its next period starts, at d - D + T; then d += T and q += Q (repeated while
//     q <= 0, which pays back an overshoot from a late timer). It cannot run while throttled,
//     so an overrunning thread never takes more than Q every T, plus the lateness of the
//     timer that should have stopped it.
//   - The debt is capped at one budget (q >= -Q): an overshoot beyond that means the budget
//     timer was very late (the machine stalled, or interrupts were off far too long), which
//     is not the thread's doing; making it pay over many periods would turn one glitch into a
//     string of missed frames, and the threads it delayed cannot get that time back anyway.
//     It still loses the next period's budget.
//   - Wake-up (the CBS rule): a server that wakes at t keeps (q, d) if d > t and
//     q / (d - t) <= Q / D, i.e. if running out its remaining budget by d would not exceed its
//     density; otherwise it starts afresh with d = t + D and q = Q. Compared by
//     cross-multiplication in 128 bits (both sides can exceed 2^64). A server that blocked
//     while throttled stays throttled until its replenishment time.
//   - Jobs and misses: a job is released when the thread wakes and finishes when it blocks.
//     Its deadline is release + D (not the postponed d). A job that is still unfinished after
//     its deadline counts one miss, detected when it is charged or when it finishes.
//   - Overruns: a job that is still runnable when its budget runs out counts one overrun.
//
// Not synchronised; the owning RunQueue serialises every call.

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/sched_entity.h"

namespace raeen::kernel::sched {

class RtClass {
 public:
  constexpr RtClass() = default;
  RtClass(const RtClass&) = delete;
  RtClass& operator=(const RtClass&) = delete;

  // Resets the server of a newly admitted entity: its first wake-up starts a fresh job.
  static void StartServer(SchedEntity& entity, const RtParams& params);

  // A blocked entity wakes at `now`: releases a job and applies the CBS wake-up rule. It goes
  // on the ready list, or on the throttled list if it blocked while throttled and its
  // replenishment time has not come.
  void Wake(SchedEntity& entity, uint64_t now);
  // The entity that was running is put back (it is still runnable).
  void PutBack(SchedEntity& entity, uint64_t now);
  // Takes a queued or throttled entity off its list.
  void Remove(SchedEntity& entity);
  // The entity blocks at `now`: its job is finished.
  static void FinishJob(SchedEntity& entity, uint64_t now);
  // Charges `ran_ns` of running to the entity's budget.
  static void Charge(SchedEntity& entity, uint64_t ran_ns, uint64_t now);

  // Moves every throttled entity whose replenishment time is <= now back to the ready list.
  void ReplenishDue(uint64_t now);
  // Takes the earliest-deadline ready entity off the ready list; null if none.
  SchedEntity* TakeFirst();
  SchedEntity* PeekFirst() const { return ready_.front(); }
  // The earliest replenishment time of a throttled entity; only if HasThrottled().
  bool HasThrottled() const { return !throttled_.empty(); }
  uint64_t NextReplenish() const { return throttled_.front()->key_; }

  size_t ready_count() const { return ready_.size(); }
  size_t throttled_count() const { return throttled_.size(); }

 private:
  static void Replenish(SchedEntity& entity);
  static void NoteMiss(SchedEntity& entity, uint64_t now);
  void Insert(SchedEntity& entity, uint64_t now);

  EntityList ready_;      // key: scheduling deadline
  EntityList throttled_;  // key: replenishment time
};

}  // namespace raeen::kernel::sched
