#include "kernel/time/hpet_capabilities.h"

namespace raeen::kernel {

HpetCapabilities DecodeHpetCapabilities(uint64_t register_value) {
  return HpetCapabilities{
      .revision = static_cast<uint8_t>(register_value & 0xff),
      .timer_count = static_cast<uint8_t>(((register_value >> 8) & 0x1f) + 1),
      .counter_64bit = ((register_value >> 13) & 1) != 0,
      .legacy_replacement = ((register_value >> 15) & 1) != 0,
      .vendor_id = static_cast<uint16_t>(register_value >> 16),
      .period_fs = static_cast<uint32_t>(register_value >> 32),
  };
}

HpetProblem CheckHpetCapabilities(uint64_t register_value) {
  if (register_value == ~uint64_t{0}) return HpetProblem::kNoDevice;
  const HpetCapabilities caps = DecodeHpetCapabilities(register_value);
  if (caps.revision == 0) return HpetProblem::kZeroRevision;
  if (caps.period_fs == 0) return HpetProblem::kZeroPeriod;
  if (caps.period_fs > HpetCapabilities::kMaxPeriodFs) return HpetProblem::kPeriodTooLong;
  if (caps.period_fs < HpetCapabilities::kMinPeriodFs) return HpetProblem::kPeriodTooShort;
  return HpetProblem::kNone;
}

rstd::StringView HpetProblemText(HpetProblem problem) {
  switch (problem) {
    case HpetProblem::kNone: return "";
    case HpetProblem::kNoDevice: return "the capabilities register reads all ones (no device)";
    case HpetProblem::kZeroRevision: return "revision 0 in the capabilities register";
    case HpetProblem::kZeroPeriod: return "counter period 0 fs";
    case HpetProblem::kPeriodTooLong: return "counter period above 100 ns";
    case HpetProblem::kPeriodTooShort: return "counter period below 1 ns";
  }
  return "unknown problem";
}

uint64_t HpetFrequencyHz(uint32_t period_fs) {
  if (period_fs == 0) return 0;
  constexpr uint64_t kFemtosecondsPerSecond = 1'000'000'000'000'000;
  return (kFemtosecondsPerSecond + period_fs / 2) / period_fs;
}

}  // namespace raeen::kernel
