#include "kernel/sched/admission.h"

namespace raeen::kernel::sched {

Result<void> ValidateRtParams(const RtParams& params) {
  const uint64_t deadline = params.RelativeDeadline();
  if (params.budget_ns < kMinBudgetNs || params.budget_ns > deadline ||
      deadline > params.period_ns || params.period_ns > kMaxPeriodNs) {
    return Error(Status::kInvalidArgument);
  }
  return {};
}

uint32_t DensityPpm(const RtParams& params) {
  const uint64_t deadline = params.RelativeDeadline();
  // budget <= deadline <= 10^10, so budget * 10^6 <= 10^16 < 2^64, and the quotient is
  // <= 10^6.
  return static_cast<uint32_t>((params.budget_ns * kPpm + deadline - 1) / deadline);
}

Result<void> Admission::Admit(const RtParams& params) {
  RAEEN_TRY(ValidateRtParams(params));
  const uint64_t density = DensityPpm(params);
  // Written as a subtraction so that it cannot overflow: used_ppm_ <= bound_ppm_ always.
  if (density > bound_ppm_ - used_ppm_) return Error(Status::kOutOfRange);
  used_ppm_ += density;
  return {};
}

void Admission::Release(const RtParams& params) {
  const uint64_t density = DensityPpm(params);
  used_ppm_ = density > used_ppm_ ? 0 : used_ppm_ - density;
}

}  // namespace raeen::kernel::sched
