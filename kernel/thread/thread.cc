#include "kernel/thread/thread.h"

#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_stacks.h"

extern "C" void raeen_switch_context(uint64_t* save_rsp, uint64_t load_rsp);
extern "C" void raeen_thread_start();

namespace raeen::kernel {

// Everything the thread layer keeps, in one place: the running thread, the ready queue, and
// the exited thread waiting to be reclaimed. Touched only with interrupts disabled.
class ThreadTable {
 public:
  static Thread* current;
  static Thread boot_thread;
  static Thread* ready_head;
  static Thread* ready_tail;
  // An exited thread whose stack was in use until the switch away from it: the thread that
  // runs next frees it (it cannot free the stack it stands on).
  static Thread* exited;
  static size_t count;

  static Result<void> Init();
  static Result<Thread*> Create(rstd::StringView name, Thread::Entry entry, void* argument);
  [[noreturn]] static void Exit();

  static void PushReady(Thread* thread) {
    thread->state_ = ThreadState::kReady;
    thread->next_ready_ = nullptr;
    if (ready_tail != nullptr) {
      ready_tail->next_ready_ = thread;
    } else {
      ready_head = thread;
    }
    ready_tail = thread;
  }

  static Thread* PopReady() {
    Thread* thread = ready_head;
    if (thread == nullptr) return nullptr;
    ready_head = thread->next_ready_;
    if (ready_head == nullptr) ready_tail = nullptr;
    thread->next_ready_ = nullptr;
    return thread;
  }

  static void Free(Thread* thread) {
    if (thread->stack_.high != 0) {
      Result<void> freed = FreeKernelStack(thread->stack_);
      if (!freed.ok()) Panic("thread '{}': its stack cannot be freed ({})", thread->name(), freed.status());
    }
    if (thread->fpu_state_ != nullptr) (void)KernelHeapInstance().Free(thread->fpu_state_);
    delete thread;
    --count;
  }

  // Called by every thread right after it is switched in.
  static void FinishSwitch() {
    if (exited != nullptr) {
      Thread* thread = exited;
      exited = nullptr;
      Free(thread);
    }
  }

  // Interrupts are disabled; `next` is not the current thread.
  static void SwitchTo(Thread* next) {
    Thread* previous = current;
    arch::FpuSave(previous->fpu_state_);
    arch::FpuRestore(next->fpu_state_);
    next->state_ = ThreadState::kRunning;
    ++next->switches_;
    current = next;
    raeen_switch_context(&previous->saved_rsp_, next->saved_rsp_);
    // `previous` runs again here, switched back in by some later SwitchTo.
    FinishSwitch();
  }

  static Result<void*> AllocateFpuState() {
    RAEEN_TRY(void* state,
              KernelHeapInstance().Allocate(arch::FpuStateSize(), arch::kFpuStateAlignment));
    arch::FpuInitialState(state);
    return state;
  }

  static void SetName(Thread* thread, rstd::StringView name) {
    size_t length = name.size() < Thread::kMaxNameLength ? name.size() : Thread::kMaxNameLength;
    __builtin_memcpy(thread->name_, name.data(), length);
    thread->name_[length] = '\0';
  }

  // A new thread's stack, laid out as raeen_switch_context leaves a switched-out one: six
  // callee-saved registers (r12 = the Thread*), then the return address raeen_thread_start.
  // After its `ret` rsp is 16-byte aligned, as the call into RaeenThreadMain requires.
  static uint64_t PrepareStack(Thread* thread) {
    auto* top = reinterpret_cast<uint64_t*>(thread->stack_.high - 16);
    uint64_t* frame = top - 7;
    frame[0] = 0;                                             // r15
    frame[1] = 0;                                             // r14
    frame[2] = 0;                                             // r13
    frame[3] = reinterpret_cast<uint64_t>(thread);            // r12
    frame[4] = 0;                                             // rbx
    frame[5] = 0;                                             // rbp
    frame[6] = reinterpret_cast<uint64_t>(&raeen_thread_start);  // return address
    return reinterpret_cast<uint64_t>(frame);
  }
};

Thread* ThreadTable::current = nullptr;
Thread ThreadTable::boot_thread;
Thread* ThreadTable::ready_head = nullptr;
Thread* ThreadTable::ready_tail = nullptr;
Thread* ThreadTable::exited = nullptr;
size_t ThreadTable::count = 0;

// The first code a new thread runs (from raeen_thread_start).
void RunThread(Thread* thread) {
  ThreadTable::FinishSwitch();
  arch::EnableInterrupts();
  thread->entry_(thread->argument_);
  ExitThread();
}

Result<void> ThreadTable::Init() {
  if (current != nullptr) return Error(Status::kBadState);
  SetName(&boot_thread, "boot");
  RAEEN_TRY(boot_thread.fpu_state_, AllocateFpuState());
  boot_thread.state_ = ThreadState::kRunning;
  current = &boot_thread;
  count = 1;
  return {};
}

Result<Thread*> ThreadTable::Create(rstd::StringView name, Thread::Entry entry, void* argument) {
  if (entry == nullptr) return Error(Status::kInvalidArgument);
  if (current == nullptr) return Error(Status::kBadState);
  AllocChecker checker;
  Thread* thread = new (checker) Thread();
  if (!checker.Check()) return Error(Status::kNoMemory);
  SetName(thread, name);
  thread->entry_ = entry;
  thread->argument_ = argument;
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
  thread->saved_rsp_ = PrepareStack(thread);
  arch::InterruptGuard guard;
  ++count;
  PushReady(thread);
  return thread;
}

void ThreadTable::Exit() {
  (void)arch::SaveFlagsAndDisableInterrupts();
  Thread* self = current;
  if (self == &boot_thread) Panic("the boot thread cannot exit");
  Thread* next = PopReady();
  if (next == nullptr) Panic("thread '{}' exited and no thread is ready", self->name());
  self->state_ = ThreadState::kExited;
  exited = self;
  SwitchTo(next);
  Panic("an exited thread was switched back in");
}

Result<void> InitThreads() { return ThreadTable::Init(); }

Result<Thread*> CreateThread(rstd::StringView name, Thread::Entry entry, void* argument) {
  return ThreadTable::Create(name, entry, argument);
}

void Yield() {
  arch::InterruptGuard guard;
  Thread* next = ThreadTable::PopReady();
  if (next == nullptr) return;
  ThreadTable::PushReady(ThreadTable::current);
  ThreadTable::SwitchTo(next);
}

[[noreturn]] void ExitThread() { ThreadTable::Exit(); }

Thread* CurrentThread() { return ThreadTable::current; }

size_t ThreadCount() { return ThreadTable::count; }

}  // namespace raeen::kernel

extern "C" [[noreturn]] void RaeenThreadMain(raeen::kernel::Thread* thread) {
  raeen::kernel::RunThread(thread);
  __builtin_unreachable();
}
