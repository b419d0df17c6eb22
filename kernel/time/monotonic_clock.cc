#include "kernel/time/monotonic_clock.h"

#include "kernel/arch/x86_64/cpu.h"

namespace raeen::kernel {
namespace {

TscClock clock;

}  // namespace

void SetMonotonicClock(const TscClock& new_clock) { clock = new_clock; }

const TscClock& MonotonicClock() { return clock; }

uint64_t MonotonicNanoseconds() { return clock.Nanoseconds(arch::ReadTsc()); }

}  // namespace raeen::kernel
