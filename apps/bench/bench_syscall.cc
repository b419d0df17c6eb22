// syscall.null: the cost of entering and leaving the kernel. Each sample is one syscall with
// a number the kernel does not know (it returns unsupported at once, the cheapest path in and
// out), timed with the TSC from ring 3; the TSC is converted to nanoseconds with the kernel's
// monotonic clock over the whole run.

#include <stdint.h>

#include "kernel/bench/sample_set.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rstd/format.h"

namespace {

constexpr size_t kSamples = 100'000;
constexpr size_t kWarmUp = 1'000;
uint64_t samples[kSamples];

inline uint64_t Tsc() {
  uint32_t low;
  uint32_t high;
  asm volatile("lfence; rdtsc" : "=a"(low), "=d"(high) : : "memory");
  return (uint64_t{high} << 32) | low;
}

void Print(raeen::rstd::StringView text) { (void)raeen::sys::DebugWrite(text.data(), text.size()); }

}  // namespace

int main() {
  using namespace raeen;
  for (size_t i = 0; i < kWarmUp; ++i) (void)sys::detail::Syscall(static_cast<sys::SyscallNumber>(0));
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  (void)sys::ClockMonotonic(&start_ns);
  const uint64_t start_tsc = Tsc();
  for (size_t i = 0; i < kSamples; ++i) {
    const uint64_t before = Tsc();
    (void)sys::detail::Syscall(static_cast<sys::SyscallNumber>(0));
    samples[i] = Tsc() - before;
  }
  const uint64_t end_tsc = Tsc();
  (void)sys::ClockMonotonic(&end_ns);
  if (end_ns <= start_ns || end_tsc <= start_tsc) return 1;
  // Cycles to nanoseconds, in fixed point (16 fractional bits).
  const uint64_t ns_per_cycle_q16 =
      (static_cast<uint64_t>(end_ns - start_ns) << 16) / (end_tsc - start_tsc);
  for (uint64_t& sample : samples) sample = (sample * ns_per_cycle_q16) >> 16;
  kernel::bench::SampleSet set = kernel::bench::SampleSet::Filled(
      rstd::Span<uint64_t>(samples, kSamples));
  const kernel::bench::Distribution distribution = set.Summarize();
  char line[160];
  rstd::BufferWriter out(line, sizeof(line));
  kernel::bench::WriteDistribution(out, "syscall.null", "ns", distribution);
  Print(out.view());
  return 0;
}
