#pragma once
// Real-time admission control for one CPU (partitioned EDF: a real-time thread is admitted
// to, and runs on, one CPU). Integer arithmetic only: the kernel has no FPU.
//
// A CBS server reserves `budget` every `period` and must finish each job within `deadline`
// of its release (deadline <= period; 0 means deadline == period). Its *density*
// budget / min(deadline, period) is its share of the CPU for the EDF test: for
// implicit-deadline servers EDF meets every deadline iff the sum of utilisations is <= 1, and
// for constrained deadlines a density sum <= 1 is a sufficient test [Liu & Layland 1973;
// Buttazzo, "Hard Real-Time Computing Systems", 3rd ed., 4.6].
//
// Densities are kept in parts per million, each one rounded *up*, so the sum of the admitted
// servers' ppm is never below their true density sum: rounding can only refuse a borderline
// server, never admit one that overloads the CPU. The bound (default 90%) leaves the rest of
// the CPU to fair threads, interrupts and the scheduler itself.
//
// Overflow care: periods are limited to kMaxPeriodNs (10 s), so budget * 1'000'000 is below
// 10^16 and fits in uint64 with a wide margin; sums of at most 10^6 ppm per server cannot
// overflow a uint64 for any realistic number of servers (each is checked to be <= the bound
// before it is added).

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel::sched {

inline constexpr uint64_t kPpm = 1'000'000;
inline constexpr uint32_t kDefaultRtBoundPpm = 900'000;  // 90%
// A budget below this would cost more in timer interrupts and switches than it buys.
inline constexpr uint64_t kMinBudgetNs = 10'000;          // 10 us
inline constexpr uint64_t kMaxPeriodNs = 10'000'000'000;  // 10 s

struct RtParams {
  uint64_t budget_ns = 0;
  uint64_t period_ns = 0;
  uint64_t deadline_ns = 0;  // relative; 0 = same as the period

  uint64_t RelativeDeadline() const { return deadline_ns == 0 ? period_ns : deadline_ns; }
};

// kInvalidArgument unless kMinBudgetNs <= budget <= relative deadline <= period <=
// kMaxPeriodNs.
Result<void> ValidateRtParams(const RtParams& params);

// The server's density in ppm, rounded up. `params` must be valid.
uint32_t DensityPpm(const RtParams& params);

class Admission {
 public:
  // `bound_ppm` is clamped to at most kPpm (a bound above 100% cannot be met).
  constexpr explicit Admission(uint32_t bound_ppm = kDefaultRtBoundPpm)
      : bound_ppm_(bound_ppm > kPpm ? static_cast<uint32_t>(kPpm) : bound_ppm) {}

  // Reserves the server's density on this CPU. Errors (nothing reserved on error):
  //   kInvalidArgument  the parameters are malformed (ValidateRtParams);
  //   kOutOfRange       admitting it would push the CPU's real-time density above the bound.
  Result<void> Admit(const RtParams& params);
  // Gives back what Admit reserved for the same `params`. Releasing more than is reserved
  // is a caller bug; the reservation then saturates at zero rather than wrapping.
  void Release(const RtParams& params);

  uint32_t bound_ppm() const { return bound_ppm_; }
  uint64_t used_ppm() const { return used_ppm_; }
  uint64_t free_ppm() const { return used_ppm_ >= bound_ppm_ ? 0 : bound_ppm_ - used_ppm_; }

 private:
  uint32_t bound_ppm_;
  uint64_t used_ppm_ = 0;  // invariant: used_ppm_ <= bound_ppm_
};

}  // namespace raeen::kernel::sched
