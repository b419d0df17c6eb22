#include "kernel/time/tsc_clock.h"

namespace raeen::kernel {

Result<TscClock> TscClock::Create(uint64_t tsc_hz, uint64_t tsc_at_zero) {
  if (tsc_hz < kMinHz || tsc_hz > kMaxHz) return Error(Status::kInvalidArgument);
  TscClock clock;
  clock.tsc_hz_ = tsc_hz;
  clock.tsc_at_zero_ = tsc_at_zero;
  // mult = round(1e9 * 2^kShift / hz) as long division in two 64-bit steps (the kernel has no
  // 128-bit division helper): first 1e9 * 2^32 / hz, then the remainder's next 18 bits.
  static_assert(kShift == 32 + 18);
  constexpr uint64_t kHigh = uint64_t{1'000'000'000} << 32;  // < 2^62
  uint64_t quotient = kHigh / tsc_hz;
  uint64_t remainder = kHigh % tsc_hz;  // < hz <= 1e10 < 2^34, so remainder << 18 < 2^52
  uint64_t low = ((remainder << 18) + tsc_hz / 2) / tsc_hz;
  clock.mult_ = (quotient << 18) + low;
  return clock;
}

uint64_t TscClock::NanosecondsToTicks(uint64_t nanoseconds) const {
  // ticks = ns * hz / 1e9, split so that no intermediate overflows 64 bits: the second product
  // is below 1e9 * kMaxHz = 1e19 < 2^64.
  return nanoseconds / 1'000'000'000 * tsc_hz_ +
         nanoseconds % 1'000'000'000 * tsc_hz_ / 1'000'000'000;
}

}  // namespace raeen::kernel
