#pragma once
// Raw syscalls of the first user programs (register ABI in kernel/arch/x86_64/user_entry.h),
// until tools/ridlc generates the stubs from services/contracts/syscalls.ridl.

#include <stddef.h>
#include <stdint.h>

namespace raeen::sys {

inline int64_t Syscall(uint64_t number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0) {
  int64_t result;
  asm volatile("syscall"
               : "=a"(result)
               : "a"(number), "D"(a0), "S"(a1), "d"(a2)
               : "rcx", "r11", "memory");
  return result;
}

inline int64_t DebugWrite(const void* bytes, size_t size) {
  return Syscall(1, reinterpret_cast<uint64_t>(bytes), size);
}

inline int64_t ClockMonotonic(int64_t* now) {
  return Syscall(2, reinterpret_cast<uint64_t>(now));
}

[[noreturn]] inline void ProcessExit(int32_t code) {
  Syscall(3, static_cast<uint32_t>(code));
  __builtin_trap();
}

[[noreturn]] inline void ThreadExit() {
  Syscall(4);
  __builtin_trap();
}

}  // namespace raeen::sys
