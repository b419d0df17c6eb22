#pragma once
// The system's monotonic clock: nanoseconds since the loader's first instruction, read from
// the TSC. Starts with the loader's rough TSC estimate and switches to the calibrated
// frequency once the kernel has measured it (kernel/time/tsc_calibration.h); before either, it
// reads 0.

#include <stdint.h>

#include "kernel/time/tsc_clock.h"

namespace raeen::kernel {

// Replaces the clock. Called on the boot CPU before other CPUs run.
void SetMonotonicClock(const TscClock& clock);

const TscClock& MonotonicClock();

// Nanoseconds since boot.
uint64_t MonotonicNanoseconds();

}  // namespace raeen::kernel
