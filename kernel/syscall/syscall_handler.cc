// The syscall entry's C++ side: decode the frame, run the generated dispatch
// (services/contracts/syscalls.ridl via tools/ridlc), put the Status in rax.

#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/process/process.h"
#include "kernel/syscall/syscalls.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel {
namespace {

void HandleSyscall(arch::InterruptFrame& frame) {
  // Only user threads make syscalls: a kernel thread has no process to act for.
  if (Process::Current() == nullptr) {
    frame.rax = static_cast<uint64_t>(Status::kBadState);
    return;
  }
  const uint64_t args[6] = {frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9};
  frame.rax = static_cast<uint64_t>(sys::Dispatch(frame.rax, args));
}

}  // namespace

void InitSyscalls() { arch::SetSyscallHandler(&HandleSyscall); }

}  // namespace raeen::kernel
