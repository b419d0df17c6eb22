#pragma once
// Latency samples collected inside the kernel and summarized there, so that a benchmark of
// 100k iterations prints one line instead of 100k. `./rae bench` reads the line:
//
//   @bench-dist <metric> <unit> n=<count> p50=<v> p99=<v> p999=<v> max=<v>
//
// Percentiles use the nearest rank, as the test runner does (tools/testrunner/statistics.h):
// the p-th percentile of n sorted samples is the one at 1-based rank ceil(p/100 * n).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/format.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::bench {

struct Distribution {
  size_t n = 0;
  uint64_t p50 = 0;
  uint64_t p99 = 0;
  uint64_t p999 = 0;
  uint64_t max = 0;
};

// Samples in caller-provided storage; Add past the end is counted as dropped, never written.
class SampleSet {
 public:
  explicit SampleSet(rstd::Span<uint64_t> storage) : storage_(storage) {}
  // A set over samples already written into `samples`, all of which count.
  static SampleSet Filled(rstd::Span<uint64_t> samples) {
    SampleSet set(samples);
    set.count_ = samples.size();
    return set;
  }

  void Add(uint64_t value) {
    if (count_ < storage_.size()) {
      storage_[count_++] = value;
    } else {
      ++dropped_;
    }
  }
  size_t count() const { return count_; }
  size_t dropped() const { return dropped_; }

  // Sorts the samples in place (heapsort: no allocation, O(n log n) worst case) and reads the
  // percentiles. An empty set gives n = 0 and zeros.
  Distribution Summarize();

 private:
  rstd::Span<uint64_t> storage_;
  size_t count_ = 0;
  size_t dropped_ = 0;
};

// The 1-based nearest rank of `per_mille` (1..1000) in n samples: ceil(per_mille * n / 1000).
size_t NearestRank(size_t n, uint32_t per_mille);

// Writes the `@bench-dist` line (without a newline) for the kernel log.
void WriteDistribution(rstd::Writer& out, rstd::StringView metric, rstd::StringView unit,
                       const Distribution& distribution);

// Summarizes `samples` and logs its `@bench-dist` line; warns when samples were dropped.
void LogDistribution(rstd::StringView metric, rstd::StringView unit, SampleSet& samples);

}  // namespace raeen::kernel::bench
