// In-kernel tests of the HPET on the real (or emulated) machine: q35 has one
// (tools/testrunner/qemu_command.cc).

#include "kernel/acpi/platform_tables.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/hpet.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

Result<arch::Hpet> BootHpet() {
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr || !acpi::PlatformTables::Usable(tables->hpet_status)) {
    return Error(Status::kNotFound);
  }
  rstd::StringView reason;
  return arch::Hpet::Create(tables->hpet, &reason);
}

// The capabilities pass their checks and the main counter runs: it moves across a 1 ms wait
// and never goes backwards. (How fast it runs is clock_agrees_with_the_hpet's question.)
KTEST(hpet, counter_runs) {
  Result<arch::Hpet> hpet = BootHpet();
  KTEST_EXPECT(hpet.ok());
  if (!hpet.ok()) return;
  KTEST_EXPECT(hpet->hz() >= 10'000'000);
  KTEST_EXPECT(hpet->capabilities().timer_count >= 3);
  const uint64_t first = hpet->ReadCounter();
  const uint64_t start = MonotonicNanoseconds();
  while (MonotonicNanoseconds() - start < 1'000'000) arch::Pause();
  uint64_t previous = hpet->ReadCounter();
  KTEST_EXPECT(previous > first);
  int backwards = 0;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t now = hpet->ReadCounter();
    if (now < previous) ++backwards;
    previous = now;
  }
  KTEST_EXPECT(backwards == 0);
}

// The calibrated clock agrees with a fresh 20 ms HPET interval within 2% plus the
// measurement's own uncertainty; the most precise of five is compared.
KTEST(hpet, clock_agrees_with_the_hpet) {
  Result<arch::Hpet> hpet = BootHpet();
  KTEST_EXPECT(hpet.ok());
  if (!hpet.ok()) return;
  CalibrationSample best{};
  for (int i = 0; i < 5; ++i) {
    Result<CalibrationSample> sample = arch::MeasureWithHpet(*hpet, 20);
    KTEST_EXPECT(sample.ok());
    if (!sample.ok()) return;
    if (i == 0 || sample->tsc_uncertainty < best.tsc_uncertainty) best = *sample;
  }
  const TscClock& clock = MonotonicClock();
  const uint64_t measured_ns = clock.TicksToNanoseconds(best.tsc_end - best.tsc_start);
  const uint64_t uncertainty_ns = clock.TicksToNanoseconds(best.tsc_uncertainty);
  const uint64_t ticks = (best.reference_end - best.reference_start) & 0xffff'ffff;
  const uint64_t expected_ns = ticks * 1'000'000'000 / hpet->hz();
  const uint64_t allowed_ns = expected_ns / 50 + uncertainty_ns;
  const uint64_t error_ns =
      measured_ns > expected_ns ? measured_ns - expected_ns : expected_ns - measured_ns;
  KTEST_EXPECT(error_ns <= allowed_ns);
}

}  // namespace
}  // namespace raeen::kernel
