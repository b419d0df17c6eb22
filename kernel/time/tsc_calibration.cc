#include "kernel/time/tsc_calibration.h"

#include "kernel/time/tsc_clock.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {

bool IsPrecise(const CalibrationSample& sample, uint64_t max_ppm) {
  if (sample.tsc_end <= sample.tsc_start) return false;
  uint64_t length = sample.tsc_end - sample.tsc_start;
  uint64_t allowed = 0;
  if (!rstd::CheckedMul(length / 1'000'000 + 1, max_ppm, &allowed)) return true;
  return sample.tsc_uncertainty <= allowed;
}

Result<CalibrationResult> CalibrateTsc(rstd::Span<const CalibrationSample> samples,
                                       unsigned reference_bits, uint64_t reference_hz) {
  constexpr size_t kMaxSamples = 16;
  if (samples.empty() || samples.size() > kMaxSamples || reference_bits == 0 ||
      reference_bits > 64 || reference_hz == 0) {
    return Error(Status::kInvalidArgument);
  }
  uint64_t mask = reference_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << reference_bits) - 1;
  uint64_t frequencies[kMaxSamples];
  for (size_t i = 0; i < samples.size(); ++i) {
    const CalibrationSample& s = samples[i];
    // Unsigned subtraction in the counter's width handles one wrap.
    uint64_t reference_ticks = (s.reference_end - s.reference_start) & mask;
    if (reference_ticks == 0 || s.tsc_end <= s.tsc_start) return Error(Status::kInvalidArgument);
    uint64_t tsc_ticks = s.tsc_end - s.tsc_start;
    // hz = tsc_ticks * reference_hz / reference_ticks. The product fits 64 bits for waits up
    // to tens of seconds (10 GHz x 14.3 MHz HPET x 100 s < 2^64); longer ones are refused.
    uint64_t product = 0;
    if (!rstd::CheckedMul(tsc_ticks, reference_hz, &product)) return Error(Status::kInvalidArgument);
    uint64_t hz = product / reference_ticks;
    if (hz < TscClock::kMinHz || hz > TscClock::kMaxHz) return Error(Status::kInvalidArgument);
    frequencies[i] = hz;
  }
  // Insertion sort: at most 16 values.
  for (size_t i = 1; i < samples.size(); ++i) {
    for (size_t j = i; j > 0 && frequencies[j - 1] > frequencies[j]; --j) {
      uint64_t t = frequencies[j];
      frequencies[j] = frequencies[j - 1];
      frequencies[j - 1] = t;
    }
  }
  uint64_t median = frequencies[samples.size() / 2];
  uint64_t spread = frequencies[samples.size() - 1] - frequencies[0];
  return CalibrationResult{median, spread * 1'000'000 / median};
}

}  // namespace raeen::kernel
