// The per-CPU scheduler: run queues, switching, blocking and waking, preemption, load
// balancing and core isolation. The policy (who runs, for how long) is kernel/sched's; this
// file applies it to real threads. docs/scheduler.md has the design and its invariants.
#include "kernel/thread/scheduler.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/exceptions.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/irq_steering.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/debug/panic.h"
#include "kernel/log/log.h"
#include "kernel/object/kernel_object.h"
#include "kernel/sched/cpu_placement.h"
#include "kernel/sched/run_queue.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/spinlock.h"
#include "kernel/thread/thread_factory.h"
#include "kernel/time/monotonic_clock.h"
#include "libs/rstd/placement_new.h"

extern "C" void raeen_switch_context(uint64_t* save_rsp, uint64_t load_rsp);

namespace raeen::kernel {

using sched::CpuPlacement;
using sched::CpuSet;
using sched::RunQueue;
using sched::SchedEntity;

namespace {

constexpr uint32_t kMaxCpus = arch::kMaxCpus;
static_assert(kMaxCpus <= sched::kMaxCpus);

enum class SwitchReason : uint8_t { kPreempt, kYield, kBlock, kExit, kReconfigure };

struct CpuScheduler {
  sync::SpinLock lock{sync::LockRank::kRunQueue, "run queue"};
  alignas(RunQueue) unsigned char rq_storage[sizeof(RunQueue)] = {};
  Thread* current = nullptr;
  Thread* idle = nullptr;
  Thread* switched_from = nullptr;  // what this CPU just switched away from (lock held)
  Thread* evacuees = nullptr;       // taken off this CPU under the lock, placed after it
  Thread* rt_threads = nullptr;     // real-time threads admitted here (rt_next_ links)
  uint64_t charged_until_ns = 0;    // the current thread is charged up to here
  uint64_t run_until_ns = 0;        // when this CPU looks at its run queue again (kNoDeadline)
  TimerEvent preempt_timer;         // end of the current slice or budget
  uint32_t cpu = 0;
  uint32_t need_resched = 0;  // atomic: this CPU should call Schedule
  uint32_t evacuate = 0;      // atomic: move what may no longer run here elsewhere
  uint32_t pull_requested = 0;  // atomic: a busier CPU asks this one to take a thread
  uint32_t runnable = 0;      // atomic copy of the run queue's runnable_count(), for placement

  RunQueue& rq() { return *__builtin_launder(reinterpret_cast<RunQueue*>(rq_storage)); }
};

constinit CpuScheduler cpus[kMaxCpus];
uint64_t started_mask = 0;  // atomic: CPUs whose scheduler runs

// Which CPUs are online and isolated. Changed under placement_lock; read without it by
// placement decisions (each CpuSet is one aligned 64-bit word: a reader sees the old or the
// new set, and a CPU that loses threads to isolation evacuates them itself afterwards).
sync::SpinLock placement_lock{sync::LockRank::kPlacement, "cpu placement"};
alignas(CpuPlacement) unsigned char placement_storage[sizeof(CpuPlacement)];
CpuPlacement& Placement() {
  return *__builtin_launder(reinterpret_cast<CpuPlacement*>(placement_storage));
}

uint64_t Now() { return MonotonicNanoseconds(); }

// Interrupts disabled (or preemption), so the CPU cannot change under the caller.
CpuScheduler& This() { return cpus[arch::CurrentCpu()->index]; }

void Publish(CpuScheduler& cs) {
  __atomic_store_n(&cs.runnable, static_cast<uint32_t>(cs.rq().runnable_count()), __ATOMIC_RELAXED);
}

uint32_t Runnable(uint32_t cpu) { return __atomic_load_n(&cpus[cpu].runnable, __ATOMIC_RELAXED); }

bool Started(uint32_t cpu) {
  return cpu < kMaxCpus && (__atomic_load_n(&started_mask, __ATOMIC_ACQUIRE) >> cpu & 1) != 0;
}

void PreemptTimerFired(TimerEvent&, void* context) {
  __atomic_store_n(&static_cast<CpuScheduler*>(context)->need_resched, 1, __ATOMIC_RELAXED);
}

// The reschedule IPI only interrupts: the work happens on the way out (PreemptOnInterruptExit).
void HandleRescheduleIpi(arch::InterruptFrame&) {}

bool AllowedOnCpu(const SchedEntity& entity, const void* context) {
  return Placement().MayRunOn(entity.affinity(), *static_cast<const uint32_t*>(context));
}

bool NotAllowedOnCpu(const SchedEntity& entity, const void* context) {
  return !AllowedOnCpu(entity, context);
}

}  // namespace

// A change of a live thread's scheduling (SetThreadAffinity, MakeThreadRealTime), made while
// its entity is on no run queue.
struct Reconfiguration {
  enum class Kind : uint8_t { kAffinity, kRealTime };
  Kind kind;
  CpuSet affinity = CpuSet::All();
  sched::RtParams params = {};
  uint32_t cpu = 0;
  // Filled in by whoever makes the change. When a thread's CPU makes it at a switch (the
  // thread was running), `done` tells the asking thread that `result` is there.
  Status result = Status::kOk;
  bool blocked = false;   // the thread blocked at that switch: its waker places it
  bool by_itself = false;  // the thread asked for its own change: nobody waits for `done`
  uint32_t done = 0;      // atomic
};

// Everything that touches a Thread's scheduling fields (Thread befriends it).
class Scheduler {
 public:
  static void SetState(Thread* thread, ThreadState state) {
    __atomic_store_n(&thread->state_, static_cast<uint8_t>(state), __ATOMIC_RELEASE);
  }

  static Thread* ThreadOf(SchedEntity* entity) {
    return reinterpret_cast<Thread*>(reinterpret_cast<char*>(entity) - offsetof(Thread, entity_));
  }

  static void InitCpu(uint32_t cpu, Thread* current, Thread* idle) {
    CpuScheduler& cs = cpus[cpu];
    cs.cpu = cpu;
    new (cs.rq_storage) RunQueue(cpu, Placement());
    cs.current = current;
    cs.idle = idle;
    cs.preempt_timer.SetCallback(&PreemptTimerFired, &cs);
    current->cpu_ = cpu;
    idle->cpu_ = cpu;
    cs.charged_until_ns = Now();
    cs.run_until_ns = sched::kNoDeadline;
  }

  static void MarkStarted(uint32_t cpu) {
    {
      sync::SpinLockGuard guard(placement_lock);
      (void)Placement().AddOnline(cpu);
    }
    __atomic_fetch_or(&started_mask, uint64_t{1} << cpu, __ATOMIC_RELEASE);
  }

  // Asks `cpu` to reschedule: a flag it checks, and an interrupt that makes it look (a
  // self-IPI for this CPU too, so that a request made with interrupts off is acted on as soon
  // as they are on again, wherever that is).
  static void Kick(uint32_t cpu) {
    __atomic_store_n(&cpus[cpu].need_resched, 1, __ATOMIC_RELEASE);
    if (cpu == arch::CurrentCpu()->index) {
      arch::SendSelfIpi(arch::vectors::kReschedule);
    } else {
      arch::SendFixedIpi(arch::CpuByIndex(cpu).apic_id, arch::vectors::kReschedule);
    }
  }

  // Where a runnable fair thread should go: the CPU of `hand_off_from` (the current thread,
  // waking it inside HandOffGuard) if allowed; its last CPU if that is allowed and idle (warm
  // caches); else the allowed CPU with the fewest runnable threads.
  static uint32_t ChooseCpu(const Thread* thread, const Thread* hand_off_from) {
    const SchedEntity& entity = thread->entity_;
    if (entity.sched_class() == sched::SchedClass::kRealTime) return entity.rt_home()->cpu();
    const CpuSet allowed = Placement().AllowedCpus(entity.affinity());
    if (hand_off_from != nullptr && allowed.Contains(This().cpu)) return This().cpu;
    const uint32_t last = thread->cpu_;
    if (allowed.Contains(last) && Started(last) && Runnable(last) == 0) return last;
    uint32_t load[kMaxCpus];
    const uint32_t count = arch::CpuCount();
    for (uint32_t cpu = 0; cpu < count; ++cpu) load[cpu] = Started(cpu) ? Runnable(cpu) : ~0u;
    Result<uint32_t> chosen = Placement().ChooseCpu(entity.affinity(), {load, count});
    if (!chosen.ok()) Panic("thread '{}' has no CPU it may run on", thread->name());
    return *chosen;
  }

  // Queues a ready thread whose entity is on no run queue on `target` (interrupts disabled,
  // no run queue lock held; its registers are saved: on_cpu_ is 0). False if the placement
  // does not allow it there (any more). `hand_off_from`: see ChooseCpu.
  static bool TryPlaceOn(Thread* thread, uint32_t target, Thread* hand_off_from = nullptr) {
    CpuScheduler& cs = cpus[target];
    cs.lock.Lock();
    if (thread->lent_to_ != nullptr) {
      // Its entity is lent: it runs again once the borrower switches away. A borrower that
      // answers inside HandOffGuard blocks next anyway; anything else ends the loan now.
      thread->loan_ready_ = true;
      const bool answered = hand_off_from != nullptr && hand_off_from == thread->lent_to_;
      cs.lock.Unlock();
      if (!answered) Kick(target);
      return true;
    }
    Result<bool> queued = cs.rq().Enqueue(thread->entity_, Now());
    if (!queued.ok()) {
      cs.lock.Unlock();
      return false;
    }
    __atomic_store_n(&thread->cpu_, target, __ATOMIC_RELAXED);
    Publish(cs);
    // A handing-off waker (HandOffGuard) blocks next and its wakee runs then, straight after
    // it (the direct switch of a channel call). Preempting the waker first would only make
    // this CPU look busy, and another CPU would pull one of the pair away. Should it not
    // block after all, the guard's end makes up for the kick (EndHandOff).
    const bool handing_off = hand_off_from != nullptr && target == This().cpu;
    if (handing_off) cs.rq().PreferNext(thread->entity_);
    const bool repick = *queued || NeedsNewDeadline(cs, thread->entity_);
    cs.lock.Unlock();
    if (repick && handing_off) {
      hand_off_from->hand_off_kick_owed_ = true;
    } else if (repick) {
      Kick(target);
    }
    return true;
  }

  // Queues a ready thread on the CPU ChooseCpu picks.
  static void Place(Thread* thread, Thread* hand_off_from = nullptr) {
    for (int attempt = 0;; ++attempt) {
      if (TryPlaceOn(thread, ChooseCpu(thread, hand_off_from), hand_off_from)) return;
      // Isolation changed the rules between the choice and the enqueue: choose again.
      if (attempt == 8) Panic("thread '{}' cannot be queued on any cpu", thread->name());
    }
  }

  // Whether the CPU must pick again, though `woken` does not preempt: its time to look again
  // was computed without `woken`. A CPU running a thread alone has no timer at all (tickless)
  // and needs a slice now; a throttled server may need waking before the armed deadline.
  static bool NeedsNewDeadline(const CpuScheduler& cs, const SchedEntity& woken) {
    if (cs.run_until_ns == sched::kNoDeadline) return true;
    return woken.state() == sched::EntityState::kThrottled &&
           woken.rt_replenish_at_ns() < cs.run_until_ns;
  }

  static void PlaceAll(Thread* list) {
    while (list != nullptr) {
      Thread* thread = list;
      list = thread->move_next_;
      thread->move_next_ = nullptr;
      Place(thread);
    }
  }

  // Takes a queued fair thread from the busiest CPU, if that one has at least two runnable
  // threads more than this one (moving one then evens the two out instead of swapping the
  // imbalance). Interrupts disabled, no run queue lock held.
  static bool PullWork(CpuScheduler& self) {
    uint32_t busiest = kMaxCpus;
    uint32_t most = Runnable(self.cpu) + 1;
    const uint32_t count = arch::CpuCount();
    for (uint32_t cpu = 0; cpu < count; ++cpu) {
      if (cpu == self.cpu || !Started(cpu)) continue;
      if (const uint32_t load = Runnable(cpu); load > most) {
        most = load;
        busiest = cpu;
      }
    }
    if (busiest == kMaxCpus) return false;
    CpuScheduler& source = cpus[busiest];
    source.lock.Lock();
    SchedEntity* entity = source.rq().TakeQueuedFair(&AllowedOnCpu, &self.cpu, Now());
    Publish(source);
    source.lock.Unlock();
    if (entity == nullptr) return false;
    Thread* thread = ThreadOf(entity);
    if (!TryPlaceOn(thread, self.cpu)) Place(thread);
    return true;
  }

  // With a fair thread waiting here that a CPU with at least two runnable threads fewer may
  // run, ask that CPU to pull it: an idle CPU halts without a timer, and a CPU running one
  // thread has none either, so neither would look by itself. (Lock held.)
  static void NudgeLighterCpu(CpuScheduler& self) {
    if (self.rq().fair().queued_count() == 0) return;
    const uint32_t mine = static_cast<uint32_t>(self.rq().runnable_count());
    const uint32_t count = arch::CpuCount();
    for (uint32_t cpu = 0; cpu < count; ++cpu) {
      if (cpu == self.cpu || !Started(cpu) || Runnable(cpu) + 2 > mine) continue;
      if (__atomic_load_n(&cpus[cpu].need_resched, __ATOMIC_RELAXED) != 0) continue;
      if (self.rq().FindQueuedFair(&AllowedOnCpu, &cpu) == nullptr) continue;
      __atomic_store_n(&cpus[cpu].pull_requested, 1, __ATOMIC_RELEASE);
      Kick(cpu);
      return;
    }
  }

  // Takes every queued thread that may no longer run here off the run queue (lock held).
  static void TakeEvacuees(CpuScheduler& cs, uint64_t now) {
    while (SchedEntity* entity = cs.rq().TakeQueuedFair(&NotAllowedOnCpu, &cs.cpu, now)) {
      Thread* thread = ThreadOf(entity);
      thread->move_next_ = cs.evacuees;
      cs.evacuees = thread;
    }
    __atomic_store_n(&cs.evacuate, 0, __ATOMIC_RELEASE);
  }

  static void LinkRealTime(CpuScheduler& cs, Thread* thread) {
    thread->rt_next_ = cs.rt_threads;
    cs.rt_threads = thread;
  }

  static void UnlinkRealTime(CpuScheduler& cs, Thread* thread) {
    for (Thread** link = &cs.rt_threads; *link != nullptr; link = &(*link)->rt_next_) {
      if (*link == thread) {
        *link = thread->rt_next_;
        thread->rt_next_ = nullptr;
        return;
      }
    }
  }

  // Chooses and switches to the next thread on this CPU. Interrupts disabled; no spinlock
  // held but `held` (released once the current thread is marked blocked, for kBlock).
  static void Schedule(SwitchReason reason, sync::SpinLock* held = nullptr) {
    CpuScheduler& cs = This();
    // A plain load first: the locked exchange only when a pull was asked for.
    if (__atomic_load_n(&cs.pull_requested, __ATOMIC_RELAXED) != 0 &&
        __atomic_exchange_n(&cs.pull_requested, 0, __ATOMIC_ACQ_REL) != 0) {
      (void)PullWork(cs);
    }
    Thread* prev = cs.current;
    cs.lock.Lock();
    if (reason == SwitchReason::kBlock) SetState(prev, ThreadState::kBlocked);
    if (held != nullptr) held->Unlock();
    const uint64_t now = Now();
    __atomic_store_n(&cs.need_resched, 0, __ATOMIC_RELAXED);
    RunQueue& rq = cs.rq();
    if (__atomic_load_n(&cs.evacuate, __ATOMIC_ACQUIRE) != 0) TakeEvacuees(cs, now);

    prev->hand_off_kick_owed_ = false;  // it switches away: whatever it woke gets its turn
    bool requeued = false;
    bool parked = false;     // off the run queue, ready, for FinishSwitch to reconfigure
    Thread* next = nullptr;  // chosen without a pick: a loan starts
    if (!prev->is_idle_) {
      // A borrower runs on its lender's entity: the time is the lender's.
      Thread* const lender = prev->borrowed_from_;
      SchedEntity& entity = lender != nullptr ? lender->entity_ : prev->entity_;
      const uint64_t ran_ns = now - cs.charged_until_ns;
      (void)rq.Charge(entity, ran_ns, now, sched::ExecMode::kKernel);
      if (prev->cpu_time_ns_ != nullptr) {
        __atomic_fetch_add(prev->cpu_time_ns_, ran_ns, __ATOMIC_RELAXED);
      }
      // A change asked for it (under this lock, or by itself): made once it is switched out.
      Reconfiguration* const change = __atomic_load_n(&prev->reconfiguration_, __ATOMIC_ACQUIRE);
      if (change != nullptr) change->blocked = reason == SwitchReason::kBlock;
      if (lender != nullptr) {
        // The loan ends at the borrower's first switch; its own entity has been on no run
        // queue since the loan began.
        EndLoan(cs, prev, lender, now);
        if (reason == SwitchReason::kExit) {
          SetState(prev, ThreadState::kExited);
        } else if (reason == SwitchReason::kBlock) {
          // blocked: its waker places it
        } else if (change != nullptr) {
          parked = true;
        } else if (rq.Enqueue(prev->entity_, now).ok()) {
          requeued = true;  // preempted: it goes on as the fair thread it is
        } else {
          prev->migrate_after_switch_ = true;  // isolation meanwhile
        }
      } else if (reason == SwitchReason::kBlock && change == nullptr &&
                 (next = StartLoan(cs, prev, now)) != nullptr) {
        // prev's entity stays the current one: `next` runs on it.
      } else if (reason == SwitchReason::kBlock || reason == SwitchReason::kExit) {
        (void)rq.Dequeue(entity, now);
        if (reason == SwitchReason::kExit) {
          if (entity.sched_class() == sched::SchedClass::kRealTime) {
            UnlinkRealTime(cs, prev);
            (void)rq.MakeFair(entity);  // gives back its admitted share
          }
          SetState(prev, ThreadState::kExited);
        }
      } else if (change != nullptr) {
        (void)rq.Dequeue(entity, now);
        parked = true;
      } else if (!rq.Allows(entity)) {
        (void)rq.Dequeue(entity, now);  // isolation: it runs elsewhere from now on
        prev->migrate_after_switch_ = true;
      } else {
        if (reason == SwitchReason::kYield) rq.YieldCurrent();
        requeued = true;
      }
    }
    cs.charged_until_ns = now;

    // A loan keeps the lender's pick, and with it the end of its budget as the time to look
    // again.
    if (next == nullptr) next = PickNextThread(cs, now);
    Publish(cs);
    NudgeLighterCpu(cs);

    if (next == prev) {
      Thread* evacuees = cs.evacuees;
      cs.evacuees = nullptr;
      cs.lock.Unlock();
      PlaceAll(evacuees);
      return;
    }
    if (requeued || parked) SetState(prev, ThreadState::kReady);
    if (__atomic_load_n(&next->on_cpu_, __ATOMIC_ACQUIRE) != 0) {
      Panic("thread '{}' picked on cpu {} while another cpu still runs it", next->name(), cs.cpu);
    }
    next->on_cpu_ = 1;
    next->cpu_ = cs.cpu;
    SetState(next, ThreadState::kRunning);
    cs.current = next;
    cs.switched_from = prev;
    arch::FpuSave(prev->fpu_state_);
    arch::FpuRestore(next->fpu_state_);
    SwitchUserBases(prev, next);
    arch::SwitchThreadContext(next->stack_.high, next->page_tables_, next->io_permissions_);
    raeen_switch_context(&prev->saved_rsp_, next->saved_rsp_);
    // `prev` runs again here, switched back in by a later Schedule, maybe on another CPU.
    FinishSwitch();
  }

  // Picks who runs next on `cs` and arms its preemption timer (lock held).
  static Thread* PickNextThread(CpuScheduler& cs, uint64_t now) {
    const sched::Pick pick = cs.rq().PickNext(now);
    cs.run_until_ns = pick.run_until_ns;
    if (pick.run_until_ns == sched::kNoDeadline) {
      (void)arch::CancelTimer(cs.preempt_timer);
    } else if (!cs.preempt_timer.queued() || cs.preempt_timer.deadline_ns() > pick.run_until_ns) {
      // A pending earlier deadline is kept: it only makes this CPU look once more, and saves
      // re-programming the timer at every switch (the event is only ever queued here, so
      // reading it with interrupts off is safe).
      arch::AddTimer(cs.preempt_timer, pick.run_until_ns);
    }
    return pick.entity != nullptr ? ThreadOf(pick.entity) : cs.idle;
  }

  // Budget donation: a real-time thread blocks right after waking a fair thread onto this
  // CPU inside HandOffGuard (a channel call). That thread runs at once on the caller's
  // entity: its time is charged to the caller's budget, and it runs at the caller's deadline
  // (a fair wake-up cannot preempt it, an earlier real-time one can). Returns the borrower,
  // or null when there is no loan to make (lock held).
  static Thread* StartLoan(CpuScheduler& cs, Thread* lender, uint64_t now) {
    const SchedEntity& entity = lender->entity_;
    if (!lender->lends_budget_ || entity.sched_class() != sched::SchedClass::kRealTime ||
        entity.rt_remaining_ns() <= 0) {
      return nullptr;
    }
    SchedEntity* wakee = cs.rq().preferred();  // fair, queued here
    if (wakee == nullptr) return nullptr;
    Thread* borrower = ThreadOf(wakee);
    (void)cs.rq().Dequeue(*wakee, now);
    borrower->borrowed_from_ = lender;
    lender->lent_to_ = borrower;
    return borrower;
  }

  // The borrower switches away. A lender woken meanwhile keeps its entity as the current one
  // (the pick that follows puts it back in its class); one still waiting ends its job here.
  static void EndLoan(CpuScheduler& cs, Thread* borrower, Thread* lender, uint64_t now) {
    borrower->borrowed_from_ = nullptr;
    lender->lent_to_ = nullptr;
    if (lender->loan_ready_) {
      lender->loan_ready_ = false;
    } else {
      (void)cs.rq().Dequeue(lender->entity_, now);
    }
  }

  // User threads keep their own FS and GS bases; kernel threads never look at them, so a
  // switch between kernel threads (or to one) touches no MSR.
  static void SwitchUserBases(Thread* prev, Thread* next) {
    if (prev->page_tables_ != nullptr) {
      arch::UserBases bases;
      arch::SaveUserBases(bases);
      prev->user_fs_base_ = bases.fs;
      prev->user_gs_base_ = bases.gs;
    }
    if (next->page_tables_ != nullptr) {
      arch::LoadUserBases(arch::UserBases{next->user_fs_base_, next->user_gs_base_});
    }
  }

  // The first thing every thread does after being switched in (the run queue lock of its CPU
  // is held, taken by the Schedule that switched away from `switched_from`).
  static void FinishSwitch() {
    CpuScheduler& cs = This();
    Thread* prev = cs.switched_from;
    cs.switched_from = nullptr;
    Thread* evacuees = cs.evacuees;
    cs.evacuees = nullptr;
    const bool exited = prev->state() == ThreadState::kExited;
    const bool migrate = prev->migrate_after_switch_;
    prev->migrate_after_switch_ = false;
    Reconfiguration* change =
        __atomic_exchange_n(&prev->reconfiguration_, nullptr, __ATOMIC_ACQ_REL);
    if (change == nullptr) {
      __atomic_store_n(&prev->on_cpu_, 0, __ATOMIC_RELEASE);  // its registers are saved
    }
    cs.lock.Unlock();
    if (change != nullptr) {
      FinishReconfiguration(prev, *change, exited);
    } else if (exited) {
      ThreadFactory::Free(prev);
    } else if (migrate) {
      Place(prev);
    }
    PlaceAll(evacuees);
  }

  // Makes the change asked of a thread that was running when it was asked for, now that its
  // registers are saved. While it is made, on_cpu_ stays 1, so a waker of a thread that
  // blocked at that switch waits (Wake) instead of placing it half changed.
  static void FinishReconfiguration(Thread* thread, Reconfiguration& change, bool exited) {
    change.result = exited ? Status::kBadState : Apply(thread, change);
    const bool blocked = change.blocked;
    const bool by_itself = change.by_itself;
    __atomic_store_n(&thread->on_cpu_, 0, __ATOMIC_RELEASE);
    if (exited) {
      ThreadFactory::Free(thread);
    } else if (!blocked) {
      Place(thread);
    }
    // `change` lives on the asking thread's stack. One that changed itself may run again (and
    // reuse that stack) as soon as it is placed, and waits for nothing; another one waits for
    // `done`, set once the thread is placed, so that it returns to a finished change.
    if (!by_itself) __atomic_store_n(&change.done, 1, __ATOMIC_RELEASE);
  }

  // Changes the scheduling of a thread whose entity is on no run queue and which nobody else
  // may place meanwhile. Interrupts disabled, no run queue lock held. Under the placement
  // lock, so that isolation (which checks the real-time threads of a CPU first) sees either
  // the old or the new settings.
  static Status Apply(Thread* thread, const Reconfiguration& change) {
    sync::SpinLockGuard placement(placement_lock);
    SchedEntity& entity = thread->entity_;
    const bool real_time = entity.sched_class() == sched::SchedClass::kRealTime;
    switch (change.kind) {
      case Reconfiguration::Kind::kAffinity:
        if (Placement().AllowedCpus(change.affinity).empty()) return Status::kInvalidArgument;
        // A real-time server's reservation is on one CPU and cannot move with the affinity:
        // it must keep the right to run there (an isolated CPU takes only bound threads).
        if (real_time && !Placement().MayRunOn(change.affinity, entity.rt_home()->cpu())) {
          return Status::kInvalidArgument;
        }
        return entity.SetAffinity(change.affinity).status();
      case Reconfiguration::Kind::kRealTime: {
        if (!Started(change.cpu)) return Status::kInvalidArgument;
        CpuScheduler& home = cpus[change.cpu];
        sync::SpinLockGuard guard(home.lock);
        const bool admitted_here = real_time && entity.rt_home() == &home.rq();
        if (Result<void> made = home.rq().MakeRealTime(entity, change.params); !made.ok()) {
          return made.status();
        }
        if (!admitted_here) LinkRealTime(home, thread);
        return Status::kOk;
      }
    }
    return Status::kInvalidArgument;
  }

  // Makes `change` to `thread` once its entity is on no run queue (see SetThreadAffinity).
  static Status Reconfigure(Thread* thread, Reconfiguration& change) {
    if (thread->is_idle_) return Status::kBadState;
    for (;;) {
      {
        arch::InterruptGuard guard;
        if (thread == This().current) {
          // Another thread's change for this one is pending: switching away makes it.
          if (!ClaimChangeSlot(thread, change)) {
            Schedule(SwitchReason::kPreempt);
            continue;
          }
          // Switch away; the next thread on this CPU makes the change and places this one.
          change.by_itself = true;
          Schedule(SwitchReason::kReconfigure);
          return change.result;
        }
        const auto state = thread->state();
        if (state == ThreadState::kExited) return Status::kBadState;
        if (state == ThreadState::kBlocked) {
          // Blocked: park it, so that a wake-up waits for the change. Only once it is
          // parked does "switched away" (on_cpu_ 0) stay true: checked before, it could have
          // woken, run and blocked again in between, and be switching away now. A lender's
          // entity runs its borrower until the loan ends (no loan starts while it is parked).
          auto expected = static_cast<uint8_t>(ThreadState::kBlocked);
          if (__atomic_compare_exchange_n(&thread->state_, &expected,
                                          static_cast<uint8_t>(ThreadState::kParked), false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            const bool settled = __atomic_load_n(&thread->on_cpu_, __ATOMIC_ACQUIRE) == 0 &&
                                 __atomic_load_n(&thread->lent_to_, __ATOMIC_ACQUIRE) == nullptr;
            if (settled) change.result = Apply(thread, change);
            SetState(thread, ThreadState::kBlocked);
            if (settled) return change.result;
          }
        } else if (const Result<bool> taken = TakeOffRunQueue(thread, change); taken.ok()) {
          if (!*taken) break;  // running: its CPU makes the change
          change.result = Apply(thread, change);
          Place(thread);
          return change.result;
        }
      }
      // Between states (switching away, or being placed): look again in a moment.
      arch::RelaxWhileWaiting();
    }
    while (__atomic_load_n(&change.done, __ATOMIC_ACQUIRE) == 0) arch::RelaxWhileWaiting();
    return change.result;
  }

  // For a ready or running thread (interrupts disabled): true if it was waiting on a run
  // queue and is now taken off it; false if it is running, and its CPU was asked to make
  // `change` at its next switch; kBadState if it is neither (between the two, look again).
  static Result<bool> TakeOffRunQueue(Thread* thread, Reconfiguration& change) {
    const uint32_t cpu = thread->cpu();
    CpuScheduler& cs = cpus[cpu];
    sync::SpinLockGuard guard(cs.lock);
    if (cs.current == thread) {  // running (maybe on a lender's entity)
      if (!ClaimChangeSlot(thread, change)) return Error(Status::kBadState);  // one at a time
      Kick(cpu);
      return false;
    }
    SchedEntity& entity = thread->entity_;
    if (entity.run_queue() != &cs.rq()) return Error(Status::kBadState);
    (void)cs.rq().Dequeue(entity, Now());
    Publish(cs);
    return true;
  }

  // A running thread takes one change at a time: false if another one is pending.
  static bool ClaimChangeSlot(Thread* thread, Reconfiguration& change) {
    Reconfiguration* none = nullptr;
    return __atomic_compare_exchange_n(&thread->reconfiguration_, &none, &change, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
  }

  static ThreadStats StatsOf(const Thread* thread) {
    arch::InterruptGuard guard;
    CpuScheduler& cs = cpus[thread->cpu()];
    sync::SpinLockGuard lock(cs.lock);
    const SchedEntity& entity = thread->entity_;
    ThreadStats stats{entity.stats(), thread->cpu(),
                      entity.sched_class() == sched::SchedClass::kRealTime};
    // The current thread's time since the last charge is not in its statistics yet (a
    // borrower's goes to its lender).
    if (cs.current == thread && thread->borrowed_from_ == nullptr) {
      stats.sched.kernel_ns += Now() - cs.charged_until_ns;
    }
    return stats;
  }

  [[noreturn]] static void IdleLoop() {
    for (;;) {
      (void)arch::SaveFlagsAndDisableInterrupts();
      CpuScheduler& cs = This();
      if (__atomic_load_n(&cs.need_resched, __ATOMIC_ACQUIRE) != 0 || Runnable(cs.cpu) != 0 ||
          __atomic_load_n(&cs.evacuate, __ATOMIC_ACQUIRE) != 0) {
        Schedule(SwitchReason::kPreempt);
        continue;
      }
      if (PullWork(cs)) continue;
      arch::EnableInterruptsAndHalt();
    }
  }

  static bool Wake(Thread* thread, WakeReason reason) {
    arch::InterruptGuard guard;
    auto expected = static_cast<uint8_t>(ThreadState::kBlocked);
    while (!__atomic_compare_exchange_n(&thread->state_, &expected,
                                        static_cast<uint8_t>(ThreadState::kReady), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      // Being reconfigured (Reconfigure): it is blocked again in a moment.
      if (expected != static_cast<uint8_t>(ThreadState::kParked)) return false;
      arch::RelaxWhileWaiting();
      expected = static_cast<uint8_t>(ThreadState::kBlocked);
    }
    thread->wake_reason_ = reason;
    // It may still be switching away on its CPU: wait until its registers are saved.
    while (__atomic_load_n(&thread->on_cpu_, __ATOMIC_ACQUIRE) != 0) {
      arch::RelaxWhileWaiting();
    }
    // Only a thread waking another from its own context hands its CPU off: a wake-up from
    // an interrupt handler is not the interrupted thread's doing.
    Thread* self = This().current;
    const bool hand_off = self->hand_off_ && arch::CurrentCpu()->interrupt_depth == 0;
    Place(thread, hand_off ? self : nullptr);
    return true;
  }

  static void RunThread(Thread* thread) {
    FinishSwitch();
    if (thread->is_idle_) IdleLoop();
    arch::EnableInterrupts();
    thread->entry_(thread->argument_);
    ExitThread();
  }

  static Result<void> AdmitRealTime(Thread* thread, const ThreadOptions& options) {
    const CpuSet allowed = Placement().AllowedCpus(thread->entity_.affinity());
    uint32_t target = options.rt_cpu;
    if (target == kAnyCpu) {
      uint64_t most_free = 0;
      for (uint32_t cpu = 0; cpu < arch::CpuCount(); ++cpu) {
        if (!allowed.Contains(cpu) || !Started(cpu)) continue;
        sync::SpinLockGuard guard(cpus[cpu].lock);
        const uint64_t free = cpus[cpu].rq().admission().free_ppm();
        if (target == kAnyCpu || free > most_free) {
          target = cpu;
          most_free = free;
        }
      }
      if (target == kAnyCpu) return Error(Status::kInvalidArgument);
    } else if (!allowed.Contains(target) || !Started(target)) {
      return Error(Status::kInvalidArgument);
    }
    CpuScheduler& cs = cpus[target];
    sync::SpinLockGuard guard(cs.lock);
    RAEEN_TRY(cs.rq().MakeRealTime(thread->entity_, *options.real_time));
    LinkRealTime(cs, thread);
    return {};
  }

  static void StartHandOff(bool lend_budget) {
    arch::InterruptGuard guard;
    Thread* self = This().current;
    self->hand_off_ = true;
    self->lends_budget_ = lend_budget;
  }

  // The end of a HandOffGuard: a wake-up whose kick was left out because the waker was to
  // block next gets it now, if the waker did not block after all (a reply-and-wait that
  // found the next request already queued).
  static void EndHandOff() {
    arch::InterruptGuard guard;
    Thread* self = This().current;
    self->hand_off_ = false;
    self->lends_budget_ = false;
    if (self->hand_off_kick_owed_) {
      self->hand_off_kick_owed_ = false;
      Kick(This().cpu);
    }
  }

  static Result<Thread*> Create(rstd::StringView name, Thread::Entry entry, void* argument,
                                const ThreadOptions& options) {
    if (entry == nullptr) return Error(Status::kInvalidArgument);
    if (Placement().AllowedCpus(options.affinity).empty()) return Error(Status::kInvalidArgument);
    if (options.real_time != nullptr) RAEEN_TRY(sched::ValidateRtParams(*options.real_time));
    RAEEN_TRY(Thread * thread, ThreadFactory::Create(name, entry, argument, /*idle=*/false));
    thread->page_tables_ = options.page_tables;
    thread->io_permissions_ = options.io_permissions;
    if (options.owner != nullptr) {
      options.owner->Retain();
      thread->owner_ = options.owner;
      thread->cpu_time_ns_ = options.cpu_time_ns;
    }
    Result<void> configured = thread->entity_.SetAffinity(options.affinity);
    if (configured.ok()) configured = thread->entity_.SetWeight(options.weight);
    if (configured.ok() && options.real_time != nullptr) {
      configured = AdmitRealTime(thread, options);
    }
    if (!configured.ok()) {
      ThreadFactory::Free(thread);
      return Error(configured.status());
    }
    arch::InterruptGuard guard;
    thread->cpu_ = arch::CurrentCpu()->index;
    Place(thread);
    return thread;
  }

  static Result<void> InitBootCpu() {
    if (cpus[0].current != nullptr) return Error(Status::kBadState);
    RAEEN_TRY(CpuPlacement placement, CpuPlacement::Create(CpuSet::Single(0)));
    new (placement_storage) CpuPlacement(placement);
    RAEEN_TRY(Thread * boot, ThreadFactory::AdoptCurrentStack("boot", /*idle=*/false));
    RAEEN_TRY(Thread * idle, ThreadFactory::Create("idle/0", nullptr, nullptr, /*idle=*/true));
    RAEEN_TRY(arch::RegisterInterruptHandler(arch::vectors::kReschedule, &HandleRescheduleIpi));
    arch::SetInterruptExitHook(&PreemptOnInterruptExit);
    arch::InterruptGuard guard;
    InitCpu(0, boot, idle);
    {
      CpuScheduler& cs = cpus[0];
      sync::SpinLockGuard lock(cs.lock);
      (void)cs.rq().Enqueue(boot->entity_, Now());
      (void)cs.rq().PickNext(Now());  // the boot thread is the current one from here on
      Publish(cs);
    }
    MarkStarted(0);
    return {};
  }

  [[noreturn]] static void RunOnThisCpu() {
    (void)arch::SaveFlagsAndDisableInterrupts();
    const uint32_t cpu = arch::CurrentCpu()->index;
    char name[16] = "idle/";
    rstd::FormatTo(name + 5, sizeof(name) - 5, "{}", cpu);
    Result<Thread*> idle = ThreadFactory::AdoptCurrentStack(name, /*idle=*/true);
    if (!idle.ok()) Panic("cpu {}: no idle thread ({})", cpu, idle.status());
    if (Result<void> timer = arch::StartSystemTimerOnThisCpu(); !timer.ok()) {
      Panic("cpu {}: its local APIC timer cannot be started ({})", cpu, timer.status());
    }
    InitCpu(cpu, *idle, *idle);
    MarkStarted(cpu);
    IdleLoop();
  }

  static void Preempt() { Schedule(SwitchReason::kPreempt); }
  static void YieldNow() { Schedule(SwitchReason::kYield); }
  static void Block(sync::SpinLock* held) {
    CheckMayBlock();
    Schedule(SwitchReason::kBlock, held);
  }

  // Blocking from an interrupt handler, with preemption disabled or from an idle thread would
  // stop the CPU's scheduling; each is a kernel bug, reported where it happens.
  static void CheckMayBlock() {
    const arch::PerCpu* cpu = arch::CurrentCpu();
    if (cpu->interrupt_depth != 0) Panic("blocking in an interrupt handler");
    if (cpu->preempt_disable != 0) Panic("blocking with preemption disabled");
    if (This().current->is_idle_) Panic("an idle thread cannot block");
  }
  [[noreturn]] static void Exit() {
    (void)arch::SaveFlagsAndDisableInterrupts();
    Thread* self = This().current;
    if (self->is_idle_) Panic("an idle thread cannot exit");
    Schedule(SwitchReason::kExit);
    Panic("thread '{}' was switched in after it exited", self->name());
  }

  static void SleepUntil(uint64_t deadline_ns) {
    arch::InterruptGuard guard;
    if (deadline_ns <= Now()) return;
    CheckMayBlock();
    Thread* self = This().current;
    self->timeout_.SetCallback(&SleepTimerFired, self);
    arch::AddTimer(self->timeout_, deadline_ns);
    Schedule(SwitchReason::kBlock);
  }

  static void SleepTimerFired(TimerEvent&, void* context) {
    (void)Wake(static_cast<Thread*>(context), WakeReason::kTimedOut);
  }


  static Result<void> Isolate(uint32_t cpu) {
    {
      sync::SpinLockGuard guard(placement_lock);
      if (cpu >= kMaxCpus || !Started(cpu)) return Error(Status::kOutOfRange);
      // A real-time thread admitted there must be bound to it: its reservation cannot move.
      const CpuSet isolated = Placement().isolated().With(cpu);
      {
        sync::SpinLockGuard rq_guard(cpus[cpu].lock);
        for (Thread* t = cpus[cpu].rt_threads; t != nullptr; t = t->rt_next_) {
          if (!t->entity_.affinity().IsSubsetOf(isolated)) return Error(Status::kBadState);
        }
      }
      RAEEN_TRY(Placement().Isolate(cpu));
    }
    RAEEN_TRY(SteerDeviceInterrupts());
    Evacuate(cpu);
    return {};
  }

  static Result<void> Unisolate(uint32_t cpu) {
    {
      sync::SpinLockGuard guard(placement_lock);
      if (cpu >= kMaxCpus || !Started(cpu)) return Error(Status::kOutOfRange);
      RAEEN_TRY(Placement().Unisolate(cpu));
    }
    return SteerDeviceInterrupts();
  }

  // Device interrupts go to the online CPUs that are not isolated (a machine without an I/O
  // APIC has none to steer).
  static Result<void> SteerDeviceInterrupts() {
    const CpuSet general = Placement().online().Minus(Placement().isolated());
    Result<void> steered = arch::SteerDeviceInterrupts(general.mask());
    if (!steered.ok() && steered.status() == Status::kBadState) return {};
    return steered;
  }

  // Makes `cpu` move away what may no longer run there, and waits until it has.
  static void Evacuate(uint32_t cpu) {
    {
      arch::InterruptGuard guard;
      __atomic_store_n(&cpus[cpu].evacuate, 1, __ATOMIC_RELEASE);
      if (cpu == This().cpu) {
        Schedule(SwitchReason::kPreempt);
        return;
      }
      Kick(cpu);
    }
    // With interrupts on: that CPU acts on the kick only when it takes interrupts itself, and
    // it may be waiting for an interrupt from this one meanwhile.
    while (__atomic_load_n(&cpus[cpu].evacuate, __ATOMIC_ACQUIRE) != 0) {
      arch::RelaxWhileWaiting();
    }
  }
};

Result<void> InitThreads() { return Scheduler::InitBootCpu(); }

void RunSchedulerOnThisCpu() { Scheduler::RunOnThisCpu(); }

Result<Thread*> CreateThread(rstd::StringView name, Thread::Entry entry, void* argument,
                             const ThreadOptions& options) {
  return Scheduler::Create(name, entry, argument, options);
}

void Yield() {
  arch::InterruptGuard guard;
  Scheduler::YieldNow();
}

void SleepUntil(uint64_t deadline_ns) { Scheduler::SleepUntil(deadline_ns); }

void SleepFor(uint64_t duration_ns) { Scheduler::SleepUntil(Now() + duration_ns); }

[[noreturn]] void ExitThread() { Scheduler::Exit(); }

Thread* CurrentThread() {
  arch::InterruptGuard guard;
  return This().current;
}

ThreadStats CurrentThreadStats() { return Scheduler::StatsOf(CurrentThread()); }

ThreadStats ThreadStatsOf(const Thread* thread) { return Scheduler::StatsOf(thread); }

Result<void> SetThreadAffinity(Thread* thread, CpuSet affinity) {
  Reconfiguration change{.kind = Reconfiguration::Kind::kAffinity, .affinity = affinity};
  return FromStatus(Scheduler::Reconfigure(thread, change));
}

Result<void> MakeThreadRealTime(Thread* thread, const sched::RtParams& params, uint32_t cpu) {
  RAEEN_TRY(sched::ValidateRtParams(params));
  Reconfiguration change{.kind = Reconfiguration::Kind::kRealTime, .params = params, .cpu = cpu};
  return FromStatus(Scheduler::Reconfigure(thread, change));
}

void BlockCurrentThread(sync::SpinLock* held) { Scheduler::Block(held); }

bool WakeThread(Thread* thread, WakeReason reason) { return Scheduler::Wake(thread, reason); }

void PreemptOnInterruptExit(const arch::InterruptFrame&) {
  arch::PerCpu* cpu = arch::CurrentCpu();
  CpuScheduler& cs = cpus[cpu->index];
  if (__atomic_load_n(&cs.need_resched, __ATOMIC_ACQUIRE) == 0 || !Started(cpu->index)) return;
  if (cpu->preempt_disable != 0 || sync::HeldSpinLockCount() != 0) return;
  Scheduler::Preempt();
}

PreemptGuard::PreemptGuard() {
  arch::InterruptGuard guard;
  ++arch::CurrentCpu()->preempt_disable;
}

PreemptGuard::~PreemptGuard() {
  arch::InterruptGuard guard;
  arch::PerCpu* cpu = arch::CurrentCpu();
  // A reschedule asked for meanwhile: the self-IPI makes the interrupt exit act on it.
  if (--cpu->preempt_disable == 0 &&
      __atomic_load_n(&cpus[cpu->index].need_resched, __ATOMIC_ACQUIRE) != 0) {
    arch::SendSelfIpi(arch::vectors::kReschedule);
  }
}

HandOffGuard::HandOffGuard(bool lend_budget) { Scheduler::StartHandOff(lend_budget); }
HandOffGuard::~HandOffGuard() { Scheduler::EndHandOff(); }

// One isolation change at a time (user space can ask for them: sched_isolate_cpu).
constinit sync::Mutex isolation_mutex;

Result<void> IsolateCpu(uint32_t cpu) {
  sync::MutexGuard guard(isolation_mutex);
  return Scheduler::Isolate(cpu);
}

Result<void> UnisolateCpu(uint32_t cpu) {
  sync::MutexGuard guard(isolation_mutex);
  return Scheduler::Unisolate(cpu);
}
CpuSet IsolatedCpus() { return Placement().isolated(); }
CpuSet SchedulerCpus() {
  return CpuSet::FromMask(__atomic_load_n(&started_mask, __ATOMIC_ACQUIRE));
}

void LogSchedulerState(const Thread* thread) {
  const uint64_t now = Now();
  for (uint32_t cpu = 0; cpu < arch::CpuCount(); ++cpu) {
    if (!Started(cpu)) continue;
    CpuScheduler& cs = cpus[cpu];
    const arch::TimerQueueState timers = arch::TimerQueueStateOf(cpu);
    sync::SpinLockGuard guard(cs.lock);
    const int64_t until = cs.run_until_ns == sched::kNoDeadline
                              ? -1
                              : static_cast<int64_t>(cs.run_until_ns - now) / 1000;
    const int64_t timer =
        timers.pending == 0 ? -1 : static_cast<int64_t>(timers.next_deadline_ns - now) / 1000;
    LogInfo("sched: cpu {}: running '{}', {} runnable, need_resched {}, looks again in {} us, "
            "{} timers pending (next in {} us)",
            cpu, cs.current->name(), cs.rq().runnable_count(), cs.need_resched, until,
            timers.pending, timer);
  }
  if (thread == nullptr) return;
  const SchedEntity& e = thread->entity();
  LogInfo("sched: thread '{}': state {}, cpu {}, entity state {}, rt remaining {} us, deadline "
          "in {} us, replenish in {} us, timer queued {}",
          thread->name(), static_cast<uint32_t>(thread->state()), thread->cpu(),
          static_cast<uint32_t>(e.state()), e.rt_remaining_ns() / 1000,
          static_cast<int64_t>(e.rt_deadline_ns() - now) / 1000,
          static_cast<int64_t>(e.rt_replenish_at_ns() - now) / 1000, thread->timeout_queued());
}

CpuSchedStats SchedStatsOf(uint32_t cpu) {
  CpuScheduler& cs = cpus[cpu];
  if (!Started(cpu)) return {};
  sync::SpinLockGuard guard(cs.lock);
  return {cs.rq().idle_ns(), cs.rq().switches(), static_cast<uint32_t>(cs.rq().runnable_count()),
          cs.rq().admission().used_ppm()};
}

}  // namespace raeen::kernel

extern "C" [[noreturn]] void RaeenThreadMain(raeen::kernel::Thread* thread) {
  raeen::kernel::Scheduler::RunThread(thread);
  __builtin_unreachable();
}
