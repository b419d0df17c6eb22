#pragma once
// The fair class: weighted fair sharing by virtual runtime, one CPU
// (docs/adr/0005-scheduler-policy.md explains why virtual runtime and not EEVDF, for now).
//
// Each entity's vruntime advances by ran * kDefaultWeight / weight, so an entity of twice
// the weight ages half as fast; the one with the least vruntime runs next. Over any interval
// in which a set of entities stays runnable, their CPU times converge to their weight ratios,
// within one slice.
//
// Slices: each runnable entity gets kTargetLatency * weight / total weight, but never less
// than kMinGranularity, so with up to 8 equal threads each runs once every 6 ms (interactive
// latency), and beyond that the period stretches instead of the switches multiplying.
//
// Placement: vruntimes are only comparable within one queue, so an entity leaving it
// remembers its lag, vruntime - min_vruntime (clamped to [-kSleeperCredit, kMaxDebt]), and is
// placed relative to the min_vruntime of the queue it joins (the same or another CPU's):
//   - a new entity joins at min_vruntime (no credit, so spawning threads gains nothing);
//   - one that left ahead (positive lag) keeps that debt, so blocking forgives nothing;
//   - any other returning entity is a sleeper and joins kSleeperCredit behind min_vruntime,
//     so a waking interactive thread runs soon (it normally preempts the running one), but
//     it cannot bank more than that however long it slept. This is CFS's "gentle fair
//     sleepers" placement expressed in relative terms.
//
// Invariants: min_vruntime_ never decreases, and follows the least vruntime of the running
// and queued entities (a sleeper placed with credit may sit up to kSleeperCreditNs below it);
// total_weight_ and count_ cover the queued entities plus the running one (if fair).
//
// Not synchronised; the owning RunQueue serialises every call.

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/sched_entity.h"

namespace raeen::kernel::sched {

inline constexpr uint64_t kTargetLatencyNs = 6'000'000;      // 6 ms
inline constexpr uint64_t kMinGranularityNs = 750'000;       // 0.75 ms
inline constexpr uint64_t kWakeupGranularityNs = 1'000'000;  // 1 ms of vruntime
inline constexpr uint64_t kSleeperCreditNs = kTargetLatencyNs / 2;
inline constexpr uint64_t kMaxDebtNs = kTargetLatencyNs;

class FairClass {
 public:
  constexpr FairClass() = default;
  FairClass(const FairClass&) = delete;
  FairClass& operator=(const FairClass&) = delete;

  // A blocked (or newly fair) entity joins: placed by its remembered lag, then queued.
  void Join(SchedEntity& entity);
  // The entity leaves (blocks or moves away): remembers its lag. It must not be on the list
  // (the RunQueue removes a queued one first, or it is the running one).
  void Leave(SchedEntity& entity);
  // The running entity is put back on the list.
  void PutBack(SchedEntity& entity);
  // Takes a queued entity off the list (it stays counted: Leave or PutBack follows).
  void Remove(SchedEntity& entity) { ready_.Remove(entity); }
  // Takes the entity with the least vruntime off the list, making it the running one; null
  // if none.
  SchedEntity* TakeFirst();
  // Takes `preferred` (queued here) instead, if its vruntime is within the wake-up
  // granularity of the first's; otherwise the first, as TakeFirst.
  SchedEntity* TakePreferred(SchedEntity& preferred);
  // Advances the running entity's vruntime by `ran_ns` at its weight.
  void Charge(SchedEntity& entity, uint64_t ran_ns);

  // The running entity gives way: its vruntime moves level with the last queued entity's (if
  // that is later), so every other queued fair entity runs before it again. No effect when
  // it is alone.
  void Yield(SchedEntity& entity);
  // Queued entities from the last (the one with the most vruntime) to the first.
  SchedEntity* LastQueued() const { return ready_.back(); }
  static SchedEntity* QueuedBefore(const SchedEntity& entity) { return EntityList::Previous(entity); }

  // How long `entity` may run once picked.
  uint64_t Slice(const SchedEntity& entity) const;
  // Should `woken` preempt `running` (both fair)? When it is further behind than the wake-up
  // granularity, so that a waking interactive thread runs soon but hogs do not ping-pong.
  static bool ShouldPreempt(const SchedEntity& woken, const SchedEntity& running);

  uint64_t min_vruntime() const { return min_vruntime_; }
  uint64_t total_weight() const { return total_weight_; }
  size_t count() const { return count_; }
  size_t queued_count() const { return ready_.size(); }

 private:
  void UpdateMinVruntime();

  EntityList ready_;                      // key: vruntime
  const SchedEntity* running_ = nullptr;  // taken by TakeFirst, not yet put back or left
  uint64_t min_vruntime_ = 0;
  uint64_t total_weight_ = 0;
  size_t count_ = 0;
};

}  // namespace raeen::kernel::sched
