#pragma once
// Making and unmaking Thread objects; the scheduler (scheduler.cc) decides when.

#include "kernel/thread/thread.h"

namespace raeen::kernel {

class ThreadFactory {
 public:
  // A thread with its own guard-paged stack whose first switch-in enters RaeenThreadMain; not
  // yet on any run queue. An idle thread (`idle`) has no entry: it runs the idle loop.
  static Result<Thread*> Create(rstd::StringView name, Thread::Entry entry, void* argument,
                                bool idle);
  // A thread for the code running now on the calling CPU's current stack (the boot stack, an
  // AP's start-up stack), already running.
  static Result<Thread*> AdoptCurrentStack(rstd::StringView name, bool idle);
  // Frees an exited thread's stack, FPU image and object. Not on its own stack.
  static void Free(Thread* thread);
};

}  // namespace raeen::kernel
