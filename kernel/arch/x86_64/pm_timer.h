#pragma once
// The ACPI power-management timer: a free-running 3.579545 MHz counter, 24 or 32 bits wide,
// read from an I/O port the FADT names [ACPI 6.5, 4.8.3.3]. The preferred TSC calibration
// reference while the HPET is not mapped: it needs no set-up and cannot be stopped.

#include <stdint.h>

#include "kernel/time/tsc_calibration.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kPmTimerHz = 3'579'545;

// Waits `milliseconds` (1..1000) on the PM timer at I/O `port` and returns the TSC and counter
// readings at both ends, with the time the port reads around each end took as uncertainty.
// kTimedOut if the counter does not move (no timer at that port).
Result<CalibrationSample> MeasureWithPmTimer(uint16_t port, unsigned bits, uint32_t milliseconds);

}  // namespace raeen::kernel::arch
