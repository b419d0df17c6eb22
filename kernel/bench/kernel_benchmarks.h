#pragma once
// The in-kernel benchmarks `./rae bench` asks for on the command line:
//   bench=boot  only the boot-phase timings (printed before `kernel ready`)
//   bench=all   also every micro-benchmark, after `kernel ready`
// Either way the kernel logs `bench: done` when it has nothing more to report, which is what
// the runner waits for.

#include "libs/rstd/string_view.h"

namespace raeen::kernel::bench {

void RunKernelBenchmarks(rstd::StringView which);

}  // namespace raeen::kernel::bench
