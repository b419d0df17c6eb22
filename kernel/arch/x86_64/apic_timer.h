#pragma once
// This CPU's local APIC timer as a one-shot deadline timer on vectors::kLocalTimer
// [Intel SDM vol. 3A, 11.5.4]:
//   - TSC-deadline mode when CPUID.01H:ECX[24] offers it: the deadline is written as a TSC
//     value, no calibration and no 32-bit range limit [SDM 3A, 11.5.4.1];
//   - else one-shot mode, its count rate calibrated against the monotonic clock (the TSC).
// Nothing is periodic: the system timer (interrupt_timer.h) arms it for its earliest event.
// Needs the local APIC (lapic.h) and the calibrated monotonic clock.

#include <stdint.h>

#include "kernel/arch/x86_64/cpu_features.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::arch {

enum class ApicTimerMode : uint8_t { kNone, kTscDeadline, kOneShot };
rstd::StringView ApicTimerModeName(ApicTimerMode mode);

// Picks the mode (one-shot even with TSC-deadline when `force_one_shot`, for tests), programs
// the LVT entry and, for one-shot, measures the count rate. The timer is left disarmed.
// Errors: kBadState without a local APIC; kIoError when the one-shot counter does not count.
Result<ApicTimerMode> InitApicTimer(const CpuFeatures& features, bool force_one_shot);

// Programs the calling CPU's local APIC timer (an application processor's) in the mode, and
// with the count rate, that InitApicTimer chose on the boot CPU: every CPU's timer runs from
// the same bus clock [SDM 3A, 11.5.4]. Errors: kBadState before InitApicTimer.
Result<void> InitApicTimerOnThisCpu();

ApicTimerMode CurrentApicTimerMode();
// The one-shot counter's rate in Hz (0 in TSC-deadline mode).
uint64_t ApicTimerHz();

// Arms the timer to interrupt no earlier than monotonic time `deadline_ns` (at once if that
// has passed), replacing any earlier arming. In one-shot mode a deadline beyond the counter's
// range fires early; the caller finds nothing expired and arms again. Interrupts disabled.
void ArmApicTimer(uint64_t deadline_ns);
void DisarmApicTimer();

}  // namespace raeen::kernel::arch
