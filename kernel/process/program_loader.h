#pragma once
// Starting a program: a static position-independent ELF executable (libs/rae/user.ld) becomes
// a new process with its own randomized layout (user_layout.h). The file is untrusted: it is
// checked completely (boot/uefi/elf_image.h, the same checks rae-boot applies to the kernel)
// before anything is mapped.

#include <stdint.h>

#include "kernel/object/handle_table.h"
#include "kernel/object/kernel_object.h"
#include "kernel/process/process.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

inline constexpr uint64_t kUserStackSize = 256 * 1024;

struct SpawnedProgram {
  RefPtr<Process> process;
  RefPtr<UserThread> thread;  // its first
};

// What a new process finds in its registers at _start (libs/rae/start.S): rdi holds its
// bootstrap channel end (0 without one), rsi a handle to its own address space, rdx one to
// itself (to start threads, read its usage).
//
// Loads `file` into a new process called `name`, gives it `bootstrap` (a channel end, or an
// empty entry) and handles to its own address space and itself, and starts its first thread at the
// entry point. `may_debug_write`: whether it may use debug_write. The image's pages and the stack are charged to the process's memory quota.
// Errors: kCorrupt / kUnsupported / kAccessDenied for a file ElfImage refuses (the reason is
// logged), kQuotaExceeded, kNoMemory, Process::StartThread's.
Result<SpawnedProgram> SpawnProgram(rstd::StringView name, rstd::Bytes file,
                                    const ProcessLimits& limits, HandleEntry bootstrap,
                                    bool may_debug_write);

}  // namespace raeen::kernel
