#pragma once
// `testrunner bench`: boots the image N times with `bench=boot` and reports, per metric,
// p50/p99/p999/max and a noise figure. Host-side metrics come from the runner's monotonic
// clock, measured from QEMU's start to the first byte of a marker line:
//   boot.host.qemu_to_loader         rae-boot's first line
//   boot.host.qemu_to_kernel_entry   the kernel banner (the kernel's first line)
//   boot.host.qemu_to_kernel_ready   `kernel ready`
// Guest-side metrics are every `@bench <metric> <unit> <value>` line the guest prints, up to
// the moment QEMU exits or the guest has been quiet for 1.5 s after `kernel ready`.

#include "tools/testrunner/cli_options.h"

namespace raeen::tools::testrunner {

// 0 if every boot completed, 1 otherwise (the failed boot is reported like a scenario).
int RunBenchCommand(const CliOptions& options);

}  // namespace raeen::tools::testrunner
