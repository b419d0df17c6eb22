#include "kernel/arch/x86_64/pm_timer.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/port_io.h"

namespace raeen::kernel::arch {

Result<CalibrationSample> MeasureWithPmTimer(uint16_t port, unsigned bits, uint32_t milliseconds) {
  if ((bits != 24 && bits != 32) || milliseconds == 0 || milliseconds > 1000) {
    return Error(Status::kInvalidArgument);
  }
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  const uint64_t wait_ticks = kPmTimerHz * milliseconds / 1000;
  // The counter wraps every 4.7 s at 24 bits: a wait of at most 1 s sees at most one wrap.
  uint64_t before_start = ReadTsc();
  uint64_t start_count = In32(port) & mask;
  uint64_t start = ReadTsc();
  // Bounded by the TSC (at most 10 GHz) in case nothing answers at the port.
  uint64_t limit = start + uint64_t{milliseconds} * 10'000'000 * 4;
  uint64_t count = start_count;
  uint64_t before_read = start;
  uint64_t after_read = start;
  while (((count - start_count) & mask) < wait_ticks) {
    before_read = ReadTsc();
    count = In32(port) & mask;
    after_read = ReadTsc();
    if (after_read > limit) return Error(Status::kTimedOut);
  }
  // The counter value was latched between before_read and after_read.
  return CalibrationSample{start, after_read, start_count, count,
                           (start - before_start) + (after_read - before_read)};
}

}  // namespace raeen::kernel::arch
