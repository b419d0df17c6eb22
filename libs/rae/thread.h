#pragma once
// Threads of this process: each gets its own stack (a memory object mapped read-write) and
// starts at `entry(argument)`. A thread ends with sys::ThreadExit(); returning from `entry`
// does the same.

#include "libs/rstd/result.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

using ThreadEntry = void (*)(uint64_t argument);

inline constexpr uint64_t kDefaultThreadStack = 64 * 1024;

// Starts a thread; returns its handle. Errors: memory_create's, vm_map's, thread_create's
// (kQuotaExceeded at the process's thread limit).
Result<sys::Handle> StartThread(ThreadEntry entry, uint64_t argument,
                                uint64_t stack_size = kDefaultThreadStack);

}  // namespace raeen::rae
