#pragma once
// `testrunner run` (./rae run, ./rae debug): boots the image for a person. The serial console
// is on this terminal (raw mode; Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor); a QEMU
// window shows the framebuffer when a display and a QEMU display backend exist. With --gdb
// the kernel waits in `gdbwait` and the runner prints the gdb command line, with the KASLR
// offset filled in, as soon as the kernel reports its base.

#include "tools/testrunner/cli_options.h"

namespace raeen::tools::testrunner {

// QEMU's exit status (0 after Ctrl-A X; 33/35/37 from isa-debug-exit), 128 + N when the
// runner was stopped by signal N, or 1 if QEMU could not be started.
int RunRunCommand(const CliOptions& options);

}  // namespace raeen::tools::testrunner
