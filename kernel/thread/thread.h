#pragma once
// Kernel threads: a guard-paged kernel stack, saved callee-saved registers, a private
// FPU/SSE/AVX state image switched eagerly (kernel/arch/x86_64/fpu.h), and what the scheduler
// knows about the thread (sched::SchedEntity).
//
// Every CPU has its own run queue (kernel/thread/scheduler.h); a thread runs on the CPUs its
// affinity and the isolation rules allow (kernel/sched/cpu_placement.h), is preempted when
// its slice or real-time budget ends or a better thread wakes, and blocks on wait queues
// (kernel/sync/wait_queue.h) or sleeps on the timer queue.

#include <stddef.h>
#include <stdint.h>

#include "kernel/debug/backtrace.h"
#include "kernel/sched/sched_entity.h"
#include "kernel/time/timer_queue.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

namespace sync {
class WaitQueue;
}
namespace arch {
struct IoPermissions;
struct PageTableRoot;
}
class KernelObject;
struct Reconfiguration;

enum class ThreadState : uint8_t {
  kReady,    // runnable: on a run queue, or being placed on one
  kRunning,  // on a CPU
  kBlocked,  // waiting (wait queue, sleep); only a wake-up makes it ready
  kParked,   // blocked, and being reconfigured: a wake-up waits until it is kBlocked again
  kExited,   // finished; its stack and state are freed by the next thread on its CPU
};

// Why a blocked thread woke.
enum class WakeReason : uint8_t { kNone, kSignaled, kTimedOut };

inline constexpr uint32_t kAnyCpu = ~0u;

struct ThreadOptions {
  sched::CpuSet affinity = sched::CpuSet::All();
  uint32_t weight = sched::kDefaultWeight;
  // Real time: an EDF/CBS server with these parameters, admitted on `rt_cpu` (kAnyCpu: the
  // allowed CPU with the most free real-time capacity). Null: the fair class.
  const sched::RtParams* real_time = nullptr;
  uint32_t rt_cpu = kAnyCpu;
  // A user thread: the address space it runs in (loaded whenever it is switched to), and the
  // object it belongs to (its process), retained until the thread is freed.
  arch::PageTableRoot* page_tables = nullptr;
  const arch::IoPermissions* io_permissions = nullptr;  // the I/O ports ring 3 may use
  KernelObject* owner = nullptr;
  // Where the CPU time it runs is added up too (its process's total; the owner keeps it
  // alive), or nullptr.
  uint64_t* cpu_time_ns = nullptr;
};

// What `top` will show for a thread; a consistent snapshot taken under its run queue's lock.
struct ThreadStats {
  sched::SchedStats sched;
  uint32_t cpu;  // where it runs or last ran
  bool real_time;
};

class Thread {
 public:
  using Entry = void (*)(void* argument);
  static constexpr uint64_t kStackSize = 16 * 1024;
  static constexpr size_t kMaxNameLength = 31;

  rstd::StringView name() const { return rstd::StringView(name_); }
  ThreadState state() const {
    return static_cast<ThreadState>(__atomic_load_n(&state_, __ATOMIC_ACQUIRE));
  }
  StackRange stack() const { return stack_; }
  // The CPU it runs on, or last ran on (or was queued on).
  uint32_t cpu() const { return __atomic_load_n(&cpu_, __ATOMIC_RELAXED); }
  const sched::SchedEntity& entity() const { return entity_; }
  bool timeout_queued() const { return timeout_.queued(); }
  // ThreadOptions::owner: the process of a user thread, nullptr for a kernel thread.
  KernelObject* owner() const { return owner_; }

 private:
  friend class Scheduler;
  friend class ThreadFactory;
  friend class sync::WaitQueue;

  uint64_t saved_rsp_ = 0;
  StackRange stack_{};
  void* fpu_state_ = nullptr;
  arch::PageTableRoot* page_tables_ = nullptr;  // nullptr: the kernel's
  const arch::IoPermissions* io_permissions_ = nullptr;
  uint64_t user_fs_base_ = 0;  // a user thread's FS and GS bases while it is switched out
  uint64_t user_gs_base_ = 0;
  KernelObject* owner_ = nullptr;               // a reference
  uint64_t* cpu_time_ns_ = nullptr;             // ThreadOptions::cpu_time_ns
  Entry entry_ = nullptr;
  void* argument_ = nullptr;
  uint8_t state_ = static_cast<uint8_t>(ThreadState::kReady);  // a ThreadState, atomic
  uint32_t cpu_ = 0;
  // 1 from the moment a CPU switches to it until the next thread on that CPU has finished
  // switching away from it (its registers are saved): no other CPU may run it before.
  uint32_t on_cpu_ = 0;
  bool is_idle_ = false;       // a CPU's idle thread: never on a run queue
  bool owns_stack_ = true;     // false for the boot and AP start-up stacks
  bool migrate_after_switch_ = false;  // lost its right to this CPU while running
  bool hand_off_ = false;  // HandOffGuard: threads it wakes come to its CPU
  bool hand_off_kick_owed_ = false;  // it woke one there without a kick, and has not blocked
  bool lends_budget_ = false;        // HandOffGuard(lend_budget): a real-time caller lends
  // A change of its scheduling that its CPU makes when it next switches away from it (it
  // was running when the change was asked for); under that CPU's run queue lock.
  Reconfiguration* reconfiguration_ = nullptr;
  // Budget donation (docs/scheduler.md, "The IPC hand-off"): a real-time thread that blocks
  // in a call lends its entity to the fair thread it woke, for one run of that thread. Under
  // the run queue lock of the CPU where the loan runs.
  Thread* lent_to_ = nullptr;        // on the lender: the thread running on its entity
  Thread* borrowed_from_ = nullptr;  // on the borrower: whose entity it runs on
  bool loan_ready_ = false;          // on the lender: woken while its entity was lent

  sched::SchedEntity entity_;

  // Waiting: the queue it is on (guarded by that queue's lock) and its links there.
  sync::WaitQueue* waiting_on_ = nullptr;
  Thread* wait_next_ = nullptr;
  Thread* wait_prev_ = nullptr;
  WakeReason wake_reason_ = WakeReason::kNone;
  TimerEvent timeout_;

  // A migrating or evacuated thread, on a short private list.
  Thread* move_next_ = nullptr;
  // A real-time thread, on its CPU's list of admitted ones (under that run queue's lock).
  Thread* rt_next_ = nullptr;
  char name_[kMaxNameLength + 1] = {};
};

// Turns the code running now on the boot CPU (its boot stack) into the first thread, "boot",
// a fair thread on CPU 0, and gives CPU 0 its run queue and idle thread. Needs the kernel
// heap, InitFpu, the system timer and per-CPU data.
Result<void> InitThreads();

// Gives the calling application processor its run queue and idle thread, which is the code
// running now (its start-up stack); from then on it runs threads. Never returns.
[[noreturn]] void RunSchedulerOnThisCpu();

// A new thread, runnable at once: placed on the CPU its options allow with the fewest
// runnable threads. Errors: kNoMemory (stack, state image or the Thread itself);
// kInvalidArgument (a null entry, a bad weight, an empty or impossible affinity, malformed
// real-time parameters); kOutOfRange (real-time admission refused: no allowed CPU has the
// capacity).
Result<Thread*> CreateThread(rstd::StringView name, Thread::Entry entry, void* argument,
                             const ThreadOptions& options = {});

// Gives the CPU to another runnable thread of this CPU if one should run now (for the fair
// class: any other fair thread; a real-time thread keeps its place by deadline). Returns
// when this one is picked again.
void Yield();

// Blocks the calling thread until monotonic time `deadline_ns` (at once if it has passed).
void SleepUntil(uint64_t deadline_ns);
void SleepFor(uint64_t duration_ns);

// Ends the calling thread (returning from its entry does the same). Not for the boot thread.
[[noreturn]] void ExitThread();

Thread* CurrentThread();

// Threads that exist (ready, running, blocked, or exited and not yet reclaimed), idle
// threads not included.
size_t ThreadCount();

// The calling thread's statistics, up to now.
ThreadStats CurrentThreadStats();

}  // namespace raeen::kernel
