#pragma once
// The kernel's monotonic clock: nanoseconds from the TSC. Conversion is a multiply and a shift
// (no division on the read path) with a 128-bit intermediate, so it neither overflows nor loses
// precision for centuries of uptime [cf. Linux clocksource mult/shift].
//
// Monotonic as long as the TSC is: each CPU's reads never go backwards. Across CPUs that
// depends on synchronized TSCs, which the SMP issue checks at boot.

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel {

class TscClock {
 public:
  constexpr TscClock() = default;

  static constexpr uint64_t kMinHz = 1'000'000;
  static constexpr uint64_t kMaxHz = 10'000'000'000;

  // A clock ticking at `tsc_hz` whose zero is TSC value `tsc_at_zero`. kInvalidArgument for
  // a frequency outside [kMinHz, kMaxHz] (no real TSC is).
  static Result<TscClock> Create(uint64_t tsc_hz, uint64_t tsc_at_zero);

  // Rounded to the nearest nanosecond; still monotonic in `ticks`.
  uint64_t TicksToNanoseconds(uint64_t ticks) const {
    unsigned __int128 scaled = static_cast<unsigned __int128>(ticks) * mult_;
    return static_cast<uint64_t>((scaled + (uint64_t{1} << (kShift - 1))) >> kShift);
  }
  // Nanoseconds since zero for a TSC reading; readings before zero give 0.
  uint64_t Nanoseconds(uint64_t tsc) const {
    return tsc <= tsc_at_zero_ ? 0 : TicksToNanoseconds(tsc - tsc_at_zero_);
  }
  uint64_t NanosecondsToTicks(uint64_t nanoseconds) const;

  uint64_t tsc_hz() const { return tsc_hz_; }
  uint64_t tsc_at_zero() const { return tsc_at_zero_; }

 private:
  // Fraction bits of mult_. 1e9 * 2^50 / kMinHz < 2^61 fits 64 bits, and the rounding error
  // of mult_ (half a unit in 2^50 * 1e9 / hz) stays below 1e-14 relative: under 0.1 ms
  // after ten years of uptime at any frequency in range.
  static constexpr unsigned kShift = 50;

  uint64_t tsc_hz_ = 0;
  uint64_t tsc_at_zero_ = 0;
  uint64_t mult_ = 0;  // nanoseconds per tick, fixed point with kShift fraction bits
};

}  // namespace raeen::kernel
