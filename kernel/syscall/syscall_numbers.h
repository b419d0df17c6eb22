#pragma once
// Syscall numbers, until tools/ridlc generates them from services/contracts/syscalls.ridl.

#include <stdint.h>

namespace raeen::kernel::sys {

enum class Number : uint64_t {
  kDebugWrite = 1,
  kClockMonotonic = 2,
  kProcessExit = 3,
  kThreadExit = 4,
};

}  // namespace raeen::kernel::sys
