#pragma once
// The HPET's General Capabilities and ID register [IA-PC HPET 1.0a, 2.3.4], decoded and
// checked before the clock code trusts the timer as its TSC calibration reference. Pure logic,
// host-tested; kernel/arch/x86_64/hpet.cc reads the register.
//
//   bits 63:32  COUNTER_CLK_PERIOD: main counter tick in femtoseconds, nonzero and at most
//               10^8 (100 ns, i.e. at least 10 MHz)
//   bits 31:16  VENDOR_ID (PCI vendor ID)
//   bit  15     LEG_RT_CAP
//   bit  13     COUNT_SIZE_CAP: the main counter has 64 bits, else 32
//   bits 12:8   NUM_TIM_CAP: index of the last comparator
//   bits 7:0    REV_ID, never 0

#include <stdint.h>

#include "libs/rstd/string_view.h"

namespace raeen::kernel {

struct HpetCapabilities {
  // The specification's upper bound on the tick [IA-PC HPET 1.0a, 2.3.4].
  static constexpr uint32_t kMaxPeriodFs = 100'000'000;
  // Not in the specification: no HPET ticks faster than 1 GHz (they run at 10-100 MHz), so a
  // shorter period is a broken register, not a fast timer.
  static constexpr uint32_t kMinPeriodFs = 1'000'000;

  uint8_t revision;
  uint8_t timer_count;  // NUM_TIM_CAP + 1
  bool counter_64bit;
  bool legacy_replacement;
  uint16_t vendor_id;
  uint32_t period_fs;

  unsigned counter_bits() const { return counter_64bit ? 64u : 32u; }
};

HpetCapabilities DecodeHpetCapabilities(uint64_t register_value);

// Why an HPET cannot be used as a time reference; kNone when it can.
enum class HpetProblem : uint8_t {
  kNone,
  kNoDevice,        // the register reads all ones: nothing answers at the address
  kZeroRevision,    // REV_ID 0
  kZeroPeriod,      // COUNTER_CLK_PERIOD 0
  kPeriodTooLong,   // above 100 ns (slower than 10 MHz): outside the specification
  kPeriodTooShort,  // below 1 ns (faster than 1 GHz): not a real HPET
};

// Checks a raw register value (all ones is kNoDevice before anything else is decoded).
HpetProblem CheckHpetCapabilities(uint64_t register_value);

// "the capabilities register reads all ones (no device)", ... for logs; "" for kNone.
rstd::StringView HpetProblemText(HpetProblem problem);

// The main counter's frequency in Hz for a tick of `period_fs` femtoseconds, rounded to the
// nearest Hz (10^15 / period); 0 for period 0.
uint64_t HpetFrequencyHz(uint32_t period_fs);

}  // namespace raeen::kernel
