#pragma once
// The programs the kernel starts itself: `run=bin/a,bin/b` on the command line runs each
// program from the initrd in turn and waits for it to end, logging how it ended. This is how
// the system scenarios run test programs that need no services.
//
// Each gets a bootstrap channel whose first message (tag "raeen-boot-2", then the kernel
// command line) carries the handles [initrd memory object (read-only), root resource]
// (libs/rae/bootstrap.h).

#include "kernel/boot/command_line.h"

namespace raeen::kernel {

//
// Without `run=` (and outside benchmark boots) the kernel starts bin/svcmgr instead, the same
// way, and does not wait for it: svcmgr starts the services of etc/services/. `init=PATH`
// names another program, `init=none` starts none.
void RunBootPrograms(const CommandLine& command_line);

// Runs the initrd program at `path` (no arguments) and waits for it to end, logging how; false
// if it could not be started, did not end in time, or did not exit with code 0.
bool RunProgramAndWait(rstd::StringView path);

}  // namespace raeen::kernel
