#pragma once
// SchedEntity: what the scheduler knows about one thread. Intrusive: the thread layer embeds
// one in each thread and keeps it alive while it is on a run queue; the scheduler never
// allocates. Only the scheduler (RunQueue and its classes) writes the private state; the
// thread layer reads the statistics.
//
// Time is always uint64 nanoseconds on the monotonic clock, passed in by the caller: nothing
// here reads a clock, so the whole policy runs on the host against a fake one.
//
// Invariants (checked by the host tests):
//   - An entity is on at most one list at a time (its class's ready list, or the real-time
//     throttled list) and then state_ is kQueued or kThrottled; while it runs it is on no
//     list and state_ is kRunning (it is its run queue's current()); when blocked it is on no
//     list and has no run queue.
//   - A real-time entity has been admitted to exactly one run queue (rt_home_) and is only
//     ever enqueued there.

#include <stddef.h>
#include <stdint.h>

#include "kernel/sched/admission.h"
#include "kernel/sched/cpu_set.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::sched {

class RunQueue;
class RtClass;
class FairClass;
class EntityList;

enum class SchedClass : uint8_t { kFair, kRealTime };

enum class EntityState : uint8_t {
  kBlocked,    // not runnable, on no run queue
  kQueued,     // runnable, waiting on its class's ready list
  kThrottled,  // real-time, runnable, budget exhausted: waits for its replenishment time
  kRunning,    // its run queue's current()
};

// Where the time that Charge accounts was spent.
enum class ExecMode : uint8_t { kUser, kKernel };

// Weights are relative: kDefaultWeight is an ordinary thread, twice it gets twice the CPU.
inline constexpr uint32_t kDefaultWeight = 1024;
inline constexpr uint32_t kMinWeight = 1;
inline constexpr uint32_t kMaxWeight = 1u << 20;

// Per-thread accounting, monotonically increasing.
struct SchedStats {
  uint64_t user_ns = 0;
  uint64_t kernel_ns = 0;
  uint64_t rt_budget_used_ns = 0;  // real-time time charged against CBS budgets
  uint64_t rt_forgiven_ns = 0;     // overshoot beyond one budget that was not repaid (cap)
  uint64_t deadline_misses = 0;    // jobs not finished by release + relative deadline
  uint64_t overruns = 0;           // times a job was still running when its budget ran out
  uint64_t throttles = 0;          // times the entity was throttled (overruns + throttled wake-ups)
  uint64_t switches = 0;           // times it was switched in by PickNext
};

class SchedEntity {
 public:
  constexpr SchedEntity() = default;
  SchedEntity(const SchedEntity&) = delete;
  SchedEntity& operator=(const SchedEntity&) = delete;

  // Fair-class weight. Errors: kInvalidArgument outside [kMinWeight, kMaxWeight]; kBadState
  // unless blocked (a queued entity's weight is part of its queue's totals).
  Result<void> SetWeight(uint32_t weight);
  // Which CPUs it may run on, before isolation rules (CpuPlacement). Errors: kBadState
  // unless blocked; kInvalidArgument if empty.
  Result<void> SetAffinity(CpuSet affinity);

  SchedClass sched_class() const { return class_; }
  EntityState state() const { return state_; }
  uint32_t weight() const { return weight_; }
  CpuSet affinity() const { return affinity_; }
  const SchedStats& stats() const { return stats_; }
  RunQueue* run_queue() const { return rq_; }
  RunQueue* rt_home() const { return rt_home_; }
  const RtParams& rt_params() const { return rt_; }

  // CBS server state, for tests and diagnostics.
  int64_t rt_remaining_ns() const { return rt_remaining_; }
  uint64_t rt_deadline_ns() const { return rt_deadline_; }
  uint64_t rt_job_deadline_ns() const { return rt_job_deadline_; }
  uint64_t rt_replenish_at_ns() const { return rt_replenish_at_; }
  uint64_t vruntime() const { return vruntime_; }

 private:
  friend class RunQueue;
  friend class RtClass;
  friend class FairClass;
  friend class EntityList;

  // Intrusive links and sort key of whichever list the entity is on.
  SchedEntity* next_ = nullptr;
  SchedEntity* prev_ = nullptr;
  uint64_t key_ = 0;
  bool linked_ = false;

  SchedClass class_ = SchedClass::kFair;
  EntityState state_ = EntityState::kBlocked;
  RunQueue* rq_ = nullptr;       // run queue it is on (queued, throttled or running)
  RunQueue* rt_home_ = nullptr;  // run queue whose admission holds its reservation
  CpuSet affinity_ = CpuSet::All();
  uint32_t weight_ = kDefaultWeight;

  // Real-time (CBS) server. rt_remaining_ is signed: a late timer lets a job run past its
  // budget, and the debt is paid from the next replenishment.
  RtParams rt_;
  int64_t rt_remaining_ = 0;
  uint64_t rt_deadline_ = 0;      // scheduling deadline (postponed by CBS)
  uint64_t rt_job_deadline_ = 0;  // the job's own deadline: release + relative deadline
  uint64_t rt_replenish_at_ = 0;  // while throttled: when the budget comes back
  bool rt_throttled_ = false;     // budget exhausted, waiting for rt_replenish_at_
  bool rt_job_missed_ = false;    // this job's miss is already counted

  // Fair class: virtual runtime, in ns scaled by kDefaultWeight / weight_.
  uint64_t vruntime_ = 0;
  uint64_t vruntime_rem_ = 0;  // remainder of the scaling division, carried
  int64_t fair_lag_ = 0;       // vruntime_ - min_vruntime when it last left a queue
  bool fair_placed_ = false;   // false until its first enqueue

  SchedStats stats_;
};

// Signed comparison of two points in time (or virtual time), correct across wrap-around as
// long as they are less than 2^63 apart.
constexpr bool TimeBefore(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a - b) < 0;
}

// A list of entities sorted by key_ (TimeBefore order), first-in first-out among equal keys.
// Insertion is O(n) from the back, removal and front are O(1): per-CPU lists hold a handful of
// threads; a balanced tree can replace it behind the same interface when that changes.
class EntityList {
 public:
  constexpr EntityList() = default;
  EntityList(const EntityList&) = delete;
  EntityList& operator=(const EntityList&) = delete;

  void Insert(SchedEntity& entity, uint64_t key);
  void Remove(SchedEntity& entity);
  SchedEntity* front() const { return head_; }
  SchedEntity* back() const { return tail_; }
  bool empty() const { return head_ == nullptr; }
  size_t size() const { return size_; }
  // For walking: the entity after `entity`, or null.
  static SchedEntity* Next(const SchedEntity& entity) { return entity.next_; }
  static SchedEntity* Previous(const SchedEntity& entity) { return entity.prev_; }

 private:
  SchedEntity* head_ = nullptr;
  SchedEntity* tail_ = nullptr;
  size_t size_ = 0;
};

}  // namespace raeen::kernel::sched
