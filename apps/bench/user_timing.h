#pragma once
// Timing for the user-space benchmarks: the TSC read in ring 3, converted to nanoseconds with
// the kernel's monotonic clock measured over the same run, and the `@bench-dist` line
// (kernel/bench/sample_set.h) printed through debug_write.

#include <stddef.h>
#include <stdint.h>

#include "kernel/bench/sample_set.h"
#include "libs/rae/runtime.h"

namespace raeen::apps {

inline uint64_t Tsc() {
  uint32_t low;
  uint32_t high;
  asm volatile("lfence; rdtsc" : "=a"(low), "=d"(high) : : "memory");
  return (uint64_t{high} << 32) | low;
}

inline int64_t MonotonicNs() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

// Starts measuring at construction; Finish() fixes the TSC rate.
class TscToNs {
 public:
  TscToNs() : start_ns_(MonotonicNs()), start_tsc_(Tsc()) {}
  void Finish() {
    const uint64_t tsc = Tsc() - start_tsc_;
    const int64_t ns = MonotonicNs() - start_ns_;
    // 16 fractional bits of nanoseconds per cycle.
    q16_ = tsc == 0 || ns <= 0 ? 0 : (static_cast<uint64_t>(ns) << 16) / tsc;
  }
  uint64_t Nanoseconds(uint64_t cycles) const { return (cycles * q16_) >> 16; }

 private:
  int64_t start_ns_;
  uint64_t start_tsc_;
  uint64_t q16_ = 0;
};

// Converts TSC samples in place to ns and prints their distribution.
inline void PrintDistribution(rstd::StringView metric, const TscToNs& clock, uint64_t* samples,
                              size_t count) {
  for (size_t i = 0; i < count; ++i) samples[i] = clock.Nanoseconds(samples[i]);
  kernel::bench::SampleSet set =
      kernel::bench::SampleSet::Filled(rstd::Span<uint64_t>(samples, count));
  char line[160];
  rstd::BufferWriter out(line, sizeof(line));
  kernel::bench::WriteDistribution(out, metric, "ns", set.Summarize());
  (void)sys::DebugWrite(out.view().data(), out.view().size());
}

}  // namespace raeen::apps
