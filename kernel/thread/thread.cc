// Thread objects: creation (stack, FPU image, the first frame), the first code a thread
// runs, and reclamation. Scheduling is scheduler.cc's.
#include "kernel/thread/thread.h"

#include "kernel/object/kernel_object.h"

#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_stacks.h"
#include "kernel/object/kernel_object.h"
#include "kernel/thread/thread_factory.h"

extern "C" void raeen_thread_start();

namespace raeen::kernel {
namespace {

size_t thread_count = 0;  // atomic

void SetName(char (&buffer)[Thread::kMaxNameLength + 1], rstd::StringView name) {
  size_t length = name.size() < Thread::kMaxNameLength ? name.size() : Thread::kMaxNameLength;
  __builtin_memcpy(buffer, name.data(), length);
  buffer[length] = '\0';
}

Result<void*> AllocateFpuState() {
  RAEEN_TRY(void* state,
            KernelHeapInstance().Allocate(arch::FpuStateSize(), arch::kFpuStateAlignment));
  arch::FpuInitialState(state);
  return state;
}

// A new thread's stack, laid out as raeen_switch_context leaves a switched-out one: six
// callee-saved registers (r12 = the Thread*), then the return address raeen_thread_start.
// After its `ret` rsp is 16-byte aligned, as the call into RaeenThreadMain requires.
uint64_t PrepareStack(const StackRange& stack, Thread* thread) {
  auto* top = reinterpret_cast<uint64_t*>(stack.high - 16);
  uint64_t* frame = top - 7;
  frame[0] = 0;                                                // r15
  frame[1] = 0;                                                // r14
  frame[2] = 0;                                                // r13
  frame[3] = reinterpret_cast<uint64_t>(thread);               // r12
  frame[4] = 0;                                                // rbx
  frame[5] = 0;                                                // rbp
  frame[6] = reinterpret_cast<uint64_t>(&raeen_thread_start);  // return address
  return reinterpret_cast<uint64_t>(frame);
}

}  // namespace

Result<Thread*> ThreadFactory::Create(rstd::StringView name, Thread::Entry entry, void* argument,
                                      bool idle) {
  if (entry == nullptr && !idle) return Error(Status::kInvalidArgument);
  AllocChecker checker;
  Thread* thread = new (checker) Thread();
  if (!checker.Check()) return Error(Status::kNoMemory);
  SetName(thread->name_, name);
  thread->entry_ = entry;
  thread->argument_ = argument;
  thread->is_idle_ = idle;
  Result<void*> fpu = AllocateFpuState();
  Result<StackRange> stack = fpu.ok() ? AllocateKernelStack(Thread::kStackSize)
                                      : Result<StackRange>(Error(fpu.status()));
  if (!stack.ok()) {
    if (fpu.ok()) (void)KernelHeapInstance().Free(*fpu);
    delete thread;
    return Error(stack.status());
  }
  thread->fpu_state_ = *fpu;
  thread->stack_ = *stack;
  thread->saved_rsp_ = PrepareStack(*stack, thread);
  if (!idle) __atomic_fetch_add(&thread_count, 1, __ATOMIC_RELAXED);
  return thread;
}

Result<Thread*> ThreadFactory::AdoptCurrentStack(rstd::StringView name, bool idle) {
  AllocChecker checker;
  Thread* thread = new (checker) Thread();
  if (!checker.Check()) return Error(Status::kNoMemory);
  SetName(thread->name_, name);
  thread->owns_stack_ = false;
  thread->is_idle_ = idle;
  Result<void*> fpu = AllocateFpuState();
  if (!fpu.ok()) {
    delete thread;
    return Error(fpu.status());
  }
  thread->fpu_state_ = *fpu;
  thread->state_ = static_cast<uint8_t>(ThreadState::kRunning);
  thread->on_cpu_ = 1;
  if (!idle) __atomic_fetch_add(&thread_count, 1, __ATOMIC_RELAXED);
  return thread;
}

void ThreadFactory::Free(Thread* thread) {
  if (thread->owns_stack_ && thread->stack_.high != 0) {
    Result<void> freed = FreeKernelStack(thread->stack_);
    if (!freed.ok()) {
      Panic("thread '{}': its stack cannot be freed ({})", thread->name(), freed.status());
    }
  }
  if (thread->fpu_state_ != nullptr) (void)KernelHeapInstance().Free(thread->fpu_state_);
  if (!thread->is_idle_) __atomic_fetch_sub(&thread_count, 1, __ATOMIC_RELAXED);
  // Last: this may be the last reference to the thread's process.
  if (thread->owner_ != nullptr) thread->owner_->Release();
  // An adopted stack (the boot stack, an AP's start-up stack) is not ours to free; the
  // object is.
  delete thread;
}

size_t ThreadCount() { return __atomic_load_n(&thread_count, __ATOMIC_RELAXED); }

}  // namespace raeen::kernel
