#include "kernel/bench/kernel_benchmarks.h"

#include "kernel/bench/mm_benchmarks.h"
#include "kernel/log/log.h"
#include "kernel/process/boot_programs.h"
#include "kernel/thread/thread_benchmark.h"
#include "kernel/time/timer_benchmark.h"

namespace raeen::kernel::bench {

void RunKernelBenchmarks(rstd::StringView which) {
  if (which == "all") {
    LogInfo("bench: running the kernel micro-benchmarks");
    RunMemoryBenchmarks();
    RunTimerBenchmarks();
    RunThreadBenchmarks();
  }
  if (which == "all" || which == "user") {
    // The benchmarks that run in user space (apps/bench), each printing its own lines.
    // Those that need services (bench_restart, bench_vfs) run in the bench's services boot.
    constexpr rstd::StringView kUserBenchmarks[] = {"bin/bench_syscall", "bin/bench_ipc",
                                                    "bin/bench_shm", "bin/bench_spawn"};
    for (rstd::StringView program : kUserBenchmarks) {
      if (!RunProgramAndWait(program)) LogError("bench: {} failed", program);
    }
  } else if (which != "boot" && !which.empty()) {
    LogWarn("bench: unknown set '{}' (expected 'boot', 'user' or 'all'); boot timings only",
            which);
  }
  LogInfo("bench: done");
}

}  // namespace raeen::kernel::bench
