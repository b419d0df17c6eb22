#include "kernel/process/process.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/exception_info.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/log/log.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/user_copy.h"
#include "libs/rstd/format.h"

namespace raeen::kernel {
namespace {

uint64_t next_process_id = 1;

// What a new user thread needs to enter ring 3; freed by the thread itself.
struct UserStart {
  uint64_t entry;
  uint64_t stack_top;
  uint64_t arg0;
  uint64_t arg1;
  uint64_t arg2;
};

void UserThreadMain(void* argument) {
  auto* start = static_cast<UserStart*>(argument);
  const UserStart copy = *start;
  delete start;
  UserThread* self = UserThread::Current();
  if (self->killed() || self->process().end() != ProcessEnd::kRunning) {
    Process::ExitCurrentThread();
  }
  arch::EnterUserMode(copy.entry, copy.stack_top, copy.arg0, copy.arg1, copy.arg2);
}

void Nothing(void*) {}

// At most this many frames of a faulting thread's user stack are reported.
constexpr int kMaxUserFrames = 12;

// The frame-pointer chain of the faulting user code, read with user copies: a corrupt chain
// ends the walk, never the kernel.
// "0x5949f44f079 (hello+0x79)": offsets into the image match `llvm-objdump` of the program.
void LogUserAddress(const Process& process, rstd::StringView what, uint64_t address) {
  if (process.InImage(address)) {
    LogError("user:   {} {:#x} ({}+{:#x})", what, address, process.name(),
             address - process.image_base());
  } else {
    LogError("user:   {} {:#x}", what, address);
  }
}

void LogUserBacktrace(const Process& process, uint64_t rbp) {
  for (int depth = 0; depth < kMaxUserFrames && rbp != 0 && rbp % 8 == 0; ++depth) {
    uint64_t frame[2];  // saved rbp, return address
    if (!CopyFromUser(frame, rbp, sizeof(frame)).ok() || frame[1] == 0) return;
    char label[8];
    LogUserAddress(process, rstd::FormatTo(label, sizeof(label), "#{}", depth), frame[1]);
    if (frame[0] <= rbp) return;  // stacks grow down: the chain must go up
    rbp = frame[0];
  }
}

void OnUserException(arch::InterruptFrame& frame) {
  Process* process = Process::Current();
  if (process == nullptr) return;  // a kernel thread in ring 3: not ours (tests)
  const uint64_t cr2 = arch::ReadCr2();
  char detail[96];
  rstd::BufferWriter out(detail, sizeof(detail));
  if (frame.vector == arch::kVectorPageFault) {
    arch::WritePageFaultError(out, frame.error_code);
  } else if (arch::HasSelectorErrorCode(frame.vector)) {
    arch::WriteSelectorError(out, frame.error_code);
  }
  // A fault ends the process; the report is the one thing left of it.
  LogError("user: process '{}' (pid {}) thread '{}': {} ({})", process->name(), process->id(),
           CurrentThread()->name(), arch::ExceptionName(frame.vector), out.view());
  LogUserAddress(*process, "rip", frame.rip);
  if (frame.vector == arch::kVectorPageFault) LogUserAddress(*process, "address", cr2);
  LogError("user:   rsp {:#x}", frame.rsp);
  arch::EnableInterrupts();
  LogUserBacktrace(*process, frame.rbp);
  process->Kill(ProcessEnd::kFaulted, -static_cast<int32_t>(frame.vector) - 1);
  Process::ExitCurrentThread();
}

void OnReturnToUser(arch::InterruptFrame&) {
  UserThread* thread = UserThread::Current();
  if (thread != nullptr &&
      (thread->killed() || thread->process().end() != ProcessEnd::kRunning)) {
    Process::ExitCurrentThread();
  }
}

}  // namespace

Result<RefPtr<Process>> Process::Create(rstd::StringView name, const ProcessLimits& limits,
                                        uint64_t mappings_base, uint64_t mappings_end) {
  if (limits.handles == 0 || limits.handles > HandleEncoding::kMaxSlots) {
    return Error(Status::kInvalidArgument);
  }
  AllocChecker checker;
  auto* slots = new (checker) HandleSlot[limits.handles];
  if (!checker.Check()) return Error(Status::kNoMemory);
  const uint64_t id = __atomic_fetch_add(&next_process_id, 1, __ATOMIC_RELAXED);
  auto* process = new (checker) Process(name, id, limits, slots);
  if (!checker.Check()) {
    delete[] slots;
    return Error(Status::kNoMemory);
  }
  RefPtr<Process> owned = RefPtr<Process>::Adopt(process);
  RAEEN_TRY(owned->address_space_, AddressSpace::Create(mappings_base, mappings_end));
  return owned;
}

Process::Process(rstd::StringView name, uint64_t id, const ProcessLimits& limits,
                 HandleSlot* slots)
    : SignalingObject(ObjectType::kProcess, kDefaultRights, kValidRights),
      id_(id),
      handle_slots_(slots),
      handles_(rstd::Span<HandleSlot>(slots, limits.handles)),
      limits_(limits),
      memory_quota_(limits.memory_bytes),
      thread_quota_(limits.threads) {
  const size_t length = rstd::Min(name.size(), kMaxNameLength);
  __builtin_memcpy(name_, name.data(), length);
}

Process::~Process() {
  handles_.CloseAll();  // a process that never ran a thread still holds what it was given
  delete[] handle_slots_;
}

Process* Process::Current() {
  UserThread* thread = UserThread::Current();
  return thread != nullptr ? &thread->process() : nullptr;
}

Result<RefPtr<UserThread>> Process::StartThread(rstd::StringView name, uint64_t entry,
                                                uint64_t stack_top, uint64_t arg0,
                                                uint64_t arg1, uint64_t arg2) {
  if (end() != ProcessEnd::kRunning) return Error(Status::kBadState);
  RAEEN_TRY(RefPtr<UserThread> user_thread, UserThread::Create(*this));
  RAEEN_TRY(thread_quota_.Charge(1));
  AllocChecker checker;
  auto* start = new (checker) UserStart{entry, stack_top, arg0, arg1, arg2};
  if (!checker.Check()) {
    thread_quota_.Release(1);
    return Error(Status::kNoMemory);
  }
  // Under the thread's lock: one that ends at once waits until it is recorded.
  Result<Thread*> thread = user_thread->WithThread([&](Thread*& slot) {
    Result<Thread*> created = CreateThread(
        name, &UserThreadMain, start,
        ThreadOptions{.page_tables = address_space_->page_tables(),
                      .io_permissions = &io_permissions_,
                      .owner = user_thread.get(),
                    .cpu_time_ns = &cpu_time_ns_});
    if (created.ok()) slot = *created;
    return created;
  });
  if (!thread.ok()) {
    delete start;
    thread_quota_.Release(1);
    return Error(thread.status());
  }
  return user_thread;
}

Result<void> Process::AllowIoPorts(uint16_t base, uint32_t count) {
  sync::MutexGuard guard(io_lock_);
  arch::IoPermissions& io = io_permissions_;
  if (io.count == arch::IoPermissions::kMaxRanges) return Error(Status::kNoMemory);
  io.ranges[io.count] = arch::IoPortRange{base, count};
  __atomic_store_n(&io.count, io.count + 1, __ATOMIC_RELEASE);
  __atomic_fetch_add(&io.generation, 1, __ATOMIC_ACQ_REL);
  arch::InterruptGuard no_interrupts;
  arch::ApplyIoPermissions(&io);
  return {};
}

void Process::Kill(ProcessEnd how, int32_t code) {
  uint64_t expected = State();
  const uint64_t ended = (uint64_t{static_cast<uint8_t>(how)} << 32) | static_cast<uint32_t>(code);
  do {
    if ((expected >> 32) != static_cast<uint8_t>(ProcessEnd::kRunning)) return;
  } while (!__atomic_compare_exchange_n(&state_, &expected, ended, true, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE));
  // Threads running in ring 3 on other CPUs notice at their next interrupt: send one.
  const arch::CpuMask others = arch::OtherOnlineCpus();
  if (others != 0) (void)arch::RunOnCpus(others, &Nothing, nullptr, /*wait=*/false);
}

void Process::ExitCurrentThread() {
  arch::EnableInterrupts();
  UserThread* thread = UserThread::Current();
  Process* process = thread != nullptr ? &thread->process() : nullptr;
  if (thread != nullptr) {
    thread->WithThread([](Thread*& slot) { slot = nullptr; });
    thread->MarkEnded();
  }
  if (process != nullptr) {
    if (process->thread_quota_.Release(1) == 0) process->Terminate();
  }
  ExitThread();
}

void Process::Terminate() {
  Kill(ProcessEnd::kExited, 0);  // unless something ended it before
  WithHandles([](HandleTable& handles) { handles.CloseAll(); });
  address_space_->UnmapAll();
  LogInfo("process '{}' (pid {}) ended: {} {}", name(), id(),
          end() == ProcessEnd::kFaulted  ? "faulted, code"
          : end() == ProcessEnd::kKilled ? "killed, code"
                                         : "exit code",
          exit_code());
  UpdateSignals(0, signals::kTerminated);
}

void InitProcesses() {
  arch::SetUserExceptionHandler(&OnUserException);
  arch::SetReturnToUserHook(&OnReturnToUser);
}

}  // namespace raeen::kernel
