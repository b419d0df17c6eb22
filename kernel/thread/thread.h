#pragma once
// Kernel threads: a guard-paged kernel stack, saved callee-saved registers, and a private
// FPU/SSE/AVX state image switched eagerly (kernel/arch/x86_64/fpu.h).
//
// This is the mechanism only: creating, switching, exiting and reclaiming threads. Until the
// scheduler classes (kernel/sched) are wired in, Yield() runs ready threads round-robin on the
// boot CPU and nothing preempts.

#include <stddef.h>
#include <stdint.h>

#include "kernel/debug/backtrace.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

enum class ThreadState : uint8_t {
  kReady,    // in the ready queue
  kRunning,  // on a CPU
  kExited,   // finished; its stack and state are freed by the next thread to run
};

class Thread {
 public:
  using Entry = void (*)(void* argument);
  static constexpr uint64_t kStackSize = 16 * 1024;
  static constexpr size_t kMaxNameLength = 31;

  rstd::StringView name() const { return rstd::StringView(name_); }
  ThreadState state() const { return state_; }
  StackRange stack() const { return stack_; }
  uint64_t switches() const { return switches_; }

 private:
  friend class ThreadTable;
  friend void RunThread(Thread* thread);

  uint64_t saved_rsp_ = 0;
  StackRange stack_{};
  void* fpu_state_ = nullptr;
  Entry entry_ = nullptr;
  void* argument_ = nullptr;
  ThreadState state_ = ThreadState::kReady;
  uint64_t switches_ = 0;  // times this thread was switched in
  Thread* next_ready_ = nullptr;
  char name_[kMaxNameLength + 1] = {};
};

// Turns the code running now (the boot CPU's boot stack) into the first thread, "boot", so
// that it can yield to others. Needs the kernel heap and InitFpu.
Result<void> InitThreads();

// A new thread, ready to run `entry(argument)` the next time the current one yields. Errors:
// kNoMemory (stack, state image or the Thread itself), kInvalidArgument (a null entry).
Result<Thread*> CreateThread(rstd::StringView name, Thread::Entry entry, void* argument);

// Lets the next ready thread run; returns when this one is picked again. With no other thread
// ready it returns at once.
void Yield();

// Ends the calling thread (returning from its entry does the same). Not for the boot thread.
[[noreturn]] void ExitThread();

Thread* CurrentThread();

// Threads that exist (ready, running, or exited and not yet reclaimed).
size_t ThreadCount();

}  // namespace raeen::kernel
