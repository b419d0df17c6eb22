// LogDistribution: the kernel-log half of sample_set.h (user-space benchmarks build
// sample_set.cc without the kernel's log and print their lines themselves).

#include "kernel/bench/sample_set.h"
#include "kernel/log/log.h"

namespace raeen::kernel::bench {

void LogDistribution(rstd::StringView metric, rstd::StringView unit, SampleSet& samples) {
  if (samples.dropped() != 0) {
    LogWarn("bench: {} kept {} samples and dropped {}", metric, samples.count(), samples.dropped());
  }
  char text[160];
  rstd::BufferWriter line(text, sizeof(text));
  WriteDistribution(line, metric, unit, samples.Summarize());
  LogInfo("{}", line.view());
}

}  // namespace raeen::kernel::bench
