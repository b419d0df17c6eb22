#pragma once
// Starting a program: a static position-independent ELF executable (libs/rae/user.ld) becomes
// a new process with its own randomized layout (user_layout.h). The file is untrusted: it is
// checked completely (boot/uefi/elf_image.h, the same checks rae-boot applies to the kernel)
// before anything is mapped.

#include <stdint.h>

#include "kernel/object/kernel_object.h"
#include "kernel/process/process.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

inline constexpr uint64_t kUserStackSize = 256 * 1024;

struct SpawnedProgram {
  RefPtr<Process> process;
  uint64_t image_base;
  uint64_t entry;
  uint64_t stack_top;
};

// Loads `file` into a new process called `name` and starts its first thread at the entry
// point with rdi = arg0 and rsi = arg1 (the program's bootstrap handles). The image's pages and
// the stack are charged to the process's memory quota.
// Errors: kCorrupt / kUnsupported / kAccessDenied for a file ElfImage refuses (the reason is
// logged), kQuotaExceeded, kNoMemory, Process::StartThread's.
Result<SpawnedProgram> SpawnProgram(rstd::StringView name, rstd::Bytes file,
                                    const ProcessLimits& limits, uint64_t arg0, uint64_t arg1);

}  // namespace raeen::kernel
