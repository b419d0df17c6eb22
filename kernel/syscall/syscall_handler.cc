#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/log/log.h"
#include "kernel/mm/user_copy.h"
#include "kernel/process/process.h"
#include "kernel/syscall/syscall_numbers.h"
#include "kernel/syscall/syscalls.h"
#include "kernel/syscall/user_pointer.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace sys {
namespace {

// Longest debug_write: more is kOutOfRange (the console is not a bulk channel).
constexpr uint64_t kMaxDebugWrite = 4096;

// Writes the bytes to the kernel log, one line per line, named after the process.
Status DebugWrite(UserBytesIn bytes) {
  if (bytes.count > kMaxDebugWrite) return Status::kOutOfRange;
  char text[kMaxDebugWrite];
  if (Result<void> copied = CopyFromUser(text, bytes.address, bytes.count); !copied.ok()) {
    return copied.status();
  }
  Process* process = Process::Current();
  size_t start = 0;
  for (size_t i = 0; i < bytes.count; ++i) {
    if (text[i] != '\n') continue;
    LogInfo("[{}] {}", process->name(), rstd::StringView(text + start, i - start));
    start = i + 1;
  }
  if (start < bytes.count) {
    LogInfo("[{}] {}", process->name(), rstd::StringView(text + start, bytes.count - start));
  }
  return Status::kOk;
}

Status ClockMonotonic(UserOut<int64_t> now) {
  const int64_t value = static_cast<int64_t>(MonotonicNanoseconds());
  if (Result<void> copied = CopyToUser(now.address, &value, sizeof(value)); !copied.ok()) {
    return copied.status();
  }
  return Status::kOk;
}

[[noreturn]] void ProcessExit(int32_t code) {
  Process::Current()->Kill(ProcessEnd::kExited, code);
  Process::ExitCurrentThread();
}

[[noreturn]] void ThreadExit() { Process::ExitCurrentThread(); }

bool FitsIn32(uint64_t value) { return (value >> 32) == 0; }

int64_t Dispatch(uint64_t number, const uint64_t (&args)[6]) {
  switch (static_cast<Number>(number)) {
    case Number::kDebugWrite:
      return static_cast<int64_t>(DebugWrite(UserBytesIn{args[0], args[1]}));
    case Number::kClockMonotonic:
      return static_cast<int64_t>(ClockMonotonic(UserOut<int64_t>{args[0]}));
    case Number::kProcessExit:
      if (!FitsIn32(args[0])) return static_cast<int64_t>(Status::kInvalidArgument);
      ProcessExit(static_cast<int32_t>(args[0]));
    case Number::kThreadExit:
      ThreadExit();
  }
  return static_cast<int64_t>(Status::kUnsupported);
}

void HandleSyscall(arch::InterruptFrame& frame) {
  // Only user threads make syscalls: a kernel thread has no process to act for.
  if (Process::Current() == nullptr) {
    frame.rax = static_cast<uint64_t>(Status::kBadState);
    return;
  }
  const uint64_t args[6] = {frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9};
  frame.rax = static_cast<uint64_t>(Dispatch(frame.rax, args));
}

}  // namespace
}  // namespace sys

void InitSyscalls() { arch::SetSyscallHandler(&sys::HandleSyscall); }

}  // namespace raeen::kernel
