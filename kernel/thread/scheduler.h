#pragma once
// The scheduler: one sched::RunQueue per CPU (the policy, kernel/sched/run_queue.h) driven by
// the thread layer. This file is the interface for the rest of the kernel; the design is in
// docs/scheduler.md.
//
// Locking: each CPU's run queue has a spinlock (rank kRunQueue). A CPU never holds two run
// queue locks: moving a thread is "dequeue under one lock, then enqueue under the other".
// The lock of the CPU that switches threads is held across the switch and released by the
// thread switched to, so no other CPU can see a half-switched thread.
//
// Preemption: a CPU reschedules when its slice/budget timer fires, when a wake-up on it (or
// an IPI from another CPU that woke something for it) says the woken thread should run, and
// on the way out of every interrupt that found such a request pending, unless preemption is
// disabled (PreemptGuard) or the interrupted code held a spinlock (it cannot: spinlocks keep
// interrupts off).

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/sched/admission.h"
#include "kernel/sched/cpu_set.h"
#include "kernel/thread/thread.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

namespace sync {
class SpinLock;
}

// Blocks the calling thread (interrupts disabled). `held`, if given, is a spinlock the caller
// holds (a wait queue's): it is released once the thread is marked blocked under its run
// queue lock, so a waker that takes `held` afterwards always finds the thread blocked or
// about to be. Returns, with interrupts still disabled and `held` not held, after WakeThread.
void BlockCurrentThread(sync::SpinLock* held);

// Makes a blocked thread runnable with `reason`; false if it was not blocked (already woken,
// or never blocked). Any context, any CPU.
bool WakeThread(Thread* thread, WakeReason reason);

// Called on the way out of every external interrupt (exceptions.cc): switches threads if this
// CPU was asked to and may.
void PreemptOnInterruptExit(const arch::InterruptFrame& frame);

// Keeps the calling code on this CPU (no preemption) for one scope; interrupts stay as they
// are. A reschedule asked for meanwhile happens when the outermost guard ends.
class PreemptGuard {
 public:
  PreemptGuard();
  ~PreemptGuard();
  PreemptGuard(const PreemptGuard&) = delete;
  PreemptGuard& operator=(const PreemptGuard&) = delete;
};

// For one scope the calling thread is about to wait for an answer from the threads it wakes
// (a channel call, a server's reply-and-wait): a fair thread it wakes is placed on this CPU
// instead of an idle one and runs as soon as the caller blocks, so that the pair runs back to
// back on one CPU without cross-CPU wake-ups (the "synchronous wake-up" of IPC). Threads not
// allowed here go elsewhere as usual. With `lend_budget` (a call, not an answer), a real-time
// caller lends its budget to that thread when it blocks (docs/scheduler.md).
class HandOffGuard {
 public:
  explicit HandOffGuard(bool lend_budget = false);
  ~HandOffGuard();
  HandOffGuard(const HandOffGuard&) = delete;
  HandOffGuard& operator=(const HandOffGuard&) = delete;
};

// Changing a live thread's scheduling, from any thread (any state but exited). The change is
// made while the thread is on no run queue: at once if it is blocked or waiting to run, by its
// CPU at its next switch if it is running (the caller waits for that; a running thread that
// changes itself switches away once).
//
// The CPUs it may run on. Errors: kInvalidArgument (no online CPU in the set, or it leaves
// out the CPU a real-time thread is admitted on), kBadState (it has exited).
Result<void> SetThreadAffinity(Thread* thread, sched::CpuSet affinity);
// Makes it real-time on `cpu` with `params`, or changes its server there. Errors:
// kInvalidArgument (malformed parameters; `cpu` is not a scheduler CPU, or its affinity and
// isolation do not allow it there), kOutOfRange (admission: `cpu` has no room for it),
// kBadState (real-time on another CPU, or exited).
Result<void> MakeThreadRealTime(Thread* thread, const sched::RtParams& params, uint32_t cpu);
// Statistics of any thread that is not freed meanwhile, up to now.
ThreadStats ThreadStatsOf(const Thread* thread);

// Core isolation (docs/scheduler.md): an isolated CPU runs only threads bound to it (whose
// affinity lies within the isolated CPUs) and takes no device interrupts. Unbound threads
// queued or running there move to other CPUs. Errors: kOutOfRange (not an online CPU),
// kBadState (the last CPU that is not isolated, or a real-time thread that is not bound to
// it is admitted there). Unisolate: the CPU takes any thread and device interrupts again.
Result<void> IsolateCpu(uint32_t cpu);
Result<void> UnisolateCpu(uint32_t cpu);
sched::CpuSet IsolatedCpus();
// CPUs whose scheduler runs.
sched::CpuSet SchedulerCpus();

// Per-CPU scheduler facts, for tests, benchmarks and `top`.
struct CpuSchedStats {
  uint64_t idle_ns;
  uint64_t switches;
  uint32_t runnable;
  uint64_t rt_used_ppm;  // admitted real-time density
};
CpuSchedStats SchedStatsOf(uint32_t cpu);

// Logs every CPU's scheduler state (current thread, runnable count, next deadline, pending
// timers) and, if given, one thread's: for reports when something waited far too long.
void LogSchedulerState(const Thread* thread = nullptr);

}  // namespace raeen::kernel
