// In-kernel tests of the clock on the real (or emulated) TSC.

#include "kernel/arch/x86_64/pit.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

KTEST(time, monotonic_never_goes_backwards) {
  constexpr int kReads = 1'000'000;
  uint64_t previous = MonotonicNanoseconds();
  int backwards = 0;
  for (int i = 0; i < kReads; ++i) {
    uint64_t now = MonotonicNanoseconds();
    if (now < previous) ++backwards;
    previous = now;
  }
  KTEST_EXPECT(backwards == 0);
  KTEST_EXPECT(previous > 0);
}

// The calibrated clock agrees with an independent 20 ms PIT interval within 2% (the PIT is
// the reference it was calibrated against, but this is a fresh measurement of another length).
KTEST(time, clock_agrees_with_the_pit) {
  Result<CalibrationSample> sample = arch::MeasureWithPit(20);
  KTEST_EXPECT(sample.ok());
  if (!sample.ok()) return;
  uint64_t measured_ns = MonotonicClock().TicksToNanoseconds(sample->tsc_end - sample->tsc_start);
  uint64_t expected_ns = (sample->reference_end - sample->reference_start) * 1'000'000'000 / arch::kPitHz;
  KTEST_EXPECT(measured_ns > expected_ns * 98 / 100 && measured_ns < expected_ns * 102 / 100);
}

}  // namespace
}  // namespace raeen::kernel
