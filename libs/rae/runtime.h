#pragma once
// libs/rae: the user-space runtime. What _start received (kernel/process/program_loader.h),
// and console output for programs that do not use libs/c's stdio.

#include "libs/rstd/format.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

// The channel end the spawner gave this process (kInvalidHandle if none).
sys::Handle BootstrapChannel();
// A handle to this process's own address space, for vm_map.
sys::Handle SelfAddressSpace();
// A handle to this process itself, for thread_create and object_get_info.
sys::Handle SelfProcess();

// Formats one line (rstd::Format syntax, at most 255 bytes) to the kernel log.
template <typename... Args>
void Print(rstd::StringView format, const Args&... args) {
  char line[256];
  const rstd::StringView text = rstd::FormatTo(line, sizeof(line), format, args...);
  (void)sys::DebugWrite(text.data(), text.size());
}

}  // namespace raeen::rae
