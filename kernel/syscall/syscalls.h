#pragma once
// The kernel's side of the syscall ABI (user_entry.h has the registers): InitSyscalls installs
// the handler that decodes a syscall frame and runs the implementation. The implementations
// live next to the objects they work on (sys_*.cc); every one validates all of its input
// before it changes anything, and bad input gets a Status, never a panic.

namespace raeen::kernel {

void InitSyscalls();

}  // namespace raeen::kernel
