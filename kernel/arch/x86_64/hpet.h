#pragma once
// The High Precision Event Timer's main counter [IA-PC HPET 1.0a, 2.3], used as the first
// choice of TSC calibration reference (then the ACPI PM timer, then the PIT). Only the main
// counter is used: no comparators, no interrupts.
//
// Registers are read 32 bits at a time: the specification allows 32- and 64-bit accesses, but
// some implementations (QEMU's among them) accept only 32-bit ones, and 32 bits are enough to
// time a calibration wait (a 32-bit counter at 100 MHz wraps after 42 s).

#include <stdint.h>

#include "kernel/acpi/hpet_table.h"
#include "kernel/time/hpet_capabilities.h"
#include "kernel/time/tsc_calibration.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::arch {

class Hpet {
 public:
  // An unusable timer (no registers); only Create() makes a usable one.
  Hpet() = default;

  // Maps the register block `table` names (MapMmio: after SwitchToKernelAddressSpace), checks
  // the General Capabilities register and sets ENABLE_CNF so the main counter runs (it is not
  // reset: its value means nothing to anyone yet). On failure *reason says why, for the log:
  //   kNoMemory     the MMIO window could not map the block
  //   kUnsupported  the capabilities fail CheckHpetCapabilities (no device, bad period, ...)
  static Result<Hpet> Create(const acpi::HpetTable& table, rstd::StringView* reason);

  // The main counter: all 64 bits when the counter has them (read high-low-high so that a carry
  // between the halves is not torn), else the 32 it has.
  uint64_t ReadCounter() const;
  // The low 32 bits of the main counter: one register read.
  uint32_t ReadCounterLow() const;

  const HpetCapabilities& capabilities() const { return capabilities_; }
  uint64_t hz() const { return hz_; }
  uint64_t physical_base() const { return physical_base_; }

 private:
  uint32_t Read32(uint64_t offset) const;
  void Write32(uint64_t offset, uint32_t value) const;

  uint64_t registers_ = 0;  // virtual address of the register block
  uint64_t physical_base_ = 0;
  HpetCapabilities capabilities_{};
  uint64_t hz_ = 0;
};

// Waits `milliseconds` (1..1000) on the HPET's main counter (its low 32 bits) and returns the
// TSC and counter readings at both ends, with the time the register reads around each end took
// as the uncertainty. Use 32 as the reference width for CalibrateTsc.
//   kInvalidArgument  `milliseconds` out of range, or a wait too long for 32 bits of this timer
//   kTimedOut         the counter does not move (bounded by the TSC, assuming at most 10 GHz)
Result<CalibrationSample> MeasureWithHpet(const Hpet& hpet, uint32_t milliseconds);

}  // namespace raeen::kernel::arch
