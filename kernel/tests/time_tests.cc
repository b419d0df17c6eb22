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

// The calibrated clock agrees with a fresh 20 ms PIT interval (another length than the
// calibration's) within 2% plus the measurement's own uncertainty (the time its port accesses
// took, large when the host preempts the virtual CPU). The most precise of five is compared.
KTEST(time, clock_agrees_with_the_pit) {
  CalibrationSample best{};
  for (int i = 0; i < 5; ++i) {
    Result<CalibrationSample> sample = arch::MeasureWithPit(20);
    KTEST_EXPECT(sample.ok());
    if (!sample.ok()) return;
    if (i == 0 || sample->tsc_uncertainty < best.tsc_uncertainty) best = *sample;
  }
  const TscClock& clock = MonotonicClock();
  uint64_t measured_ns = clock.TicksToNanoseconds(best.tsc_end - best.tsc_start);
  uint64_t uncertainty_ns = clock.TicksToNanoseconds(best.tsc_uncertainty);
  uint64_t expected_ns =
      (best.reference_end - best.reference_start) * 1'000'000'000 / arch::kPitHz;
  uint64_t allowed_ns = expected_ns / 50 + uncertainty_ns;
  uint64_t error_ns = measured_ns > expected_ns ? measured_ns - expected_ns : expected_ns - measured_ns;
  KTEST_EXPECT(error_ns <= allowed_ns);
}

}  // namespace
}  // namespace raeen::kernel
