#pragma once
// The 8254 programmable interval timer, used only as the last-resort reference for TSC
// calibration (after the HPET and the ACPI PM timer). Channel 2 counts down once with its gate
// controlled through port 0x61, so no interrupt is involved [Intel 8254 datasheet; PC/AT
// Technical Reference, port 61h].

#include <stdint.h>

#include "kernel/time/tsc_calibration.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kPitHz = 1'193'182;

// Counts `milliseconds` (1..50) on PIT channel 2 and returns the TSC at both ends, with the
// PIT ticks as the reference and the TSC time the port accesses around each end took as the
// uncertainty. kTimedOut if the PIT never reaches zero (no PIT, e.g. on hardware-reduced
// platforms): the wait is bounded by the TSC, assuming at most 10 GHz.
Result<CalibrationSample> MeasureWithPit(uint32_t milliseconds);

}  // namespace raeen::kernel::arch
