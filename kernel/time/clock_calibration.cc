// Boot-time TSC calibration: which reference timer to trust and how to sample it.

#include "kernel/time/clock_calibration.h"

#include "kernel/arch/x86_64/hpet.h"
#include "kernel/arch/x86_64/pit.h"
#include "kernel/arch/x86_64/pm_timer.h"
#include "kernel/log/log.h"
#include "kernel/time/monotonic_clock.h"
#include "kernel/time/tsc_calibration.h"
#include "kernel/time/tsc_clock.h"

namespace raeen::kernel {
namespace {

struct CalibrationReference {
  rstd::StringView name;
  uint64_t hz;
  unsigned bits;
  uint16_t port;    // PM timer only
  arch::Hpet hpet;  // HPET only (hz() != 0)
};

CalibrationReference ChooseLegacyCalibrationReference(const acpi::PlatformTables* tables) {
  if (tables == nullptr) return {"PIT", arch::kPitHz, 64, 0, {}};
  const acpi::Fadt& fadt = tables->fadt;
  if (acpi::PlatformTables::Usable(tables->fadt_status) && fadt.pm_timer.present() &&
      fadt.pm_timer.space == acpi::AddressSpace::kSystemIo && fadt.pm_timer.address <= 0xffff) {
    return {"ACPI PM timer", arch::kPmTimerHz, fadt.pm_timer_32bit() ? 32u : 24u,
            static_cast<uint16_t>(fadt.pm_timer.address), {}};
  }
  return {"PIT", arch::kPitHz, 64, 0, {}};
}

CalibrationReference ChooseCalibrationReference(const acpi::PlatformTables* tables) {
  if (tables == nullptr) return ChooseLegacyCalibrationReference(tables);
  if (!acpi::PlatformTables::Usable(tables->hpet_status)) {
    CalibrationReference fallback = ChooseLegacyCalibrationReference(tables);
    if (tables->hpet_status != Status::kNotFound) {
      LogWarn("time: HPET table unusable ({}); calibrating against the {}",
              tables->hpet_status, fallback.name);
    }
    return fallback;
  }
  rstd::StringView reason;
  Result<arch::Hpet> hpet = arch::Hpet::Create(tables->hpet, &reason);
  if (!hpet.ok()) {
    CalibrationReference fallback = ChooseLegacyCalibrationReference(tables);
    LogWarn("time: HPET at {:#x} unusable ({}: {}); calibrating against the {}",
            tables->hpet.base_address, reason, hpet.status(), fallback.name);
    return fallback;
  }
  LogInfo("time: HPET at {:#x}: {}.{:03} MHz, {}-bit counter, {} comparators",
          hpet->physical_base(), hpet->hz() / 1'000'000, hpet->hz() / 1'000 % 1'000,
          hpet->capabilities().counter_bits(), hpet->capabilities().timer_count);
  // MeasureWithHpet reads the low 32 bits of the counter.
  return {"HPET", hpet->hz(), 32, 0, *hpet};
}

Result<CalibrationSample> Measure(const CalibrationReference& reference, uint32_t milliseconds) {
  if (reference.hpet.hz() != 0) return arch::MeasureWithHpet(reference.hpet, milliseconds);
  if (reference.port != 0) {
    return arch::MeasureWithPmTimer(reference.port, reference.bits, milliseconds);
  }
  return arch::MeasureWithPit(milliseconds);
}

}  // namespace

void CalibrateClock(const acpi::PlatformTables* tables, uint64_t tsc_at_boot,
                    const arch::CpuFeatures& features) {
  const CalibrationReference reference = ChooseCalibrationReference(tables);
  // Samples whose port accesses took longer than 0.1% of the wait (a preempted virtual CPU,
  // an SMI) are retried; after kMaxAttempts the best ones measured are used anyway.
  constexpr int kSamples = 5;
  constexpr int kMaxAttempts = 20;
  constexpr uint64_t kMaxUncertaintyPpm = 1000;
  constexpr uint32_t kSampleMilliseconds = 10;
  CalibrationSample samples[kSamples];
  int precise = 0;
  int attempts = 0;
  for (; attempts < kMaxAttempts && precise < kSamples; ++attempts) {
    Result<CalibrationSample> measured = Measure(reference, kSampleMilliseconds);
    if (!measured.ok()) {
      LogWarn("time: {} unusable ({}); the clock keeps the loader's TSC estimate",
              reference.name, measured.status());
      return;
    }
    bool good = IsPrecise(*measured, kMaxUncertaintyPpm);
    // Keep the precise ones; fill with imprecise ones only while there is room at the end.
    if (good) {
      samples[precise++] = *measured;
    } else if (attempts >= kMaxAttempts - (kSamples - precise)) {
      samples[precise++] = *measured;
    }
  }
  Result<CalibrationResult> result =
      CalibrateTsc(rstd::Span<const CalibrationSample>(samples, precise), reference.bits,
                   reference.hz);
  Result<TscClock> clock =
      result.ok() ? TscClock::Create(result->tsc_hz, tsc_at_boot) : Error(result.status());
  if (!clock.ok()) {
    LogWarn("time: TSC calibration failed ({}); the clock keeps the loader's TSC estimate",
            clock.status());
    return;
  }
  SetMonotonicClock(*clock);
  LogInfo("time: TSC {}.{:03} MHz ({}, median of {} x {} ms in {} attempts, spread {} ppm), {}",
          result->tsc_hz / 1'000'000, result->tsc_hz / 1'000 % 1'000, reference.name, precise,
          kSampleMilliseconds, attempts, result->spread_ppm,
          features.invariant_tsc ? "invariant"
                                 : "not reported invariant (QEMU TCG never is): used at its "
                                   "constant rate");
}

}  // namespace raeen::kernel
