#pragma once
// TSC frequency from a reference timer of known frequency (HPET, ACPI PM timer, PIT).
// Pure arithmetic, host-tested; the arch code takes the readings.
//
// One measurement is a pair of (TSC, reference counter) readings at the start and the end
// of a wait. The reference counter may be narrower than 64 bits (the PM timer has 24 or 32)
// and wrap once during the wait; the wait must be shorter than one wrap period.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

struct CalibrationSample {
  uint64_t tsc_start;
  uint64_t tsc_end;
  uint64_t reference_start;
  uint64_t reference_end;
  // How many TSC ticks the true start and end may lie from tsc_start/tsc_end (the time the
  // reference reads around them took). A preempted virtual CPU makes this large.
  uint64_t tsc_uncertainty = 0;
};

// True when the sample's uncertainty is at most `max_ppm` of its length: trustworthy.
bool IsPrecise(const CalibrationSample& sample, uint64_t max_ppm);

struct CalibrationResult {
  uint64_t tsc_hz;       // the median of the samples' frequencies
  uint64_t spread_ppm;   // (max - min) / median of the samples, parts per million
};

// `reference_bits`: width of the reference counter (1..64); `reference_hz` its frequency.
// kInvalidArgument without samples, for a zero-length or backwards sample, or a sample whose
// frequency is outside what a TSC can be (a broken reference); at most 16 samples.
Result<CalibrationResult> CalibrateTsc(rstd::Span<const CalibrationSample> samples,
                                       unsigned reference_bits, uint64_t reference_hz);

}  // namespace raeen::kernel
