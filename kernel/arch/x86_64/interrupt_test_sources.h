#pragma once
// Interrupt sources the in-kernel tests use to prove delivery through the I/O APIC: PIT
// channel 0 as a periodic rate generator on ISA IRQ 0 [Intel 8254 datasheet, mode 2]. The
// kernel itself never runs channel 0 (channel 2 calibrates the TSC, see pit.h).

#include <stdint.h>

namespace raeen::kernel::arch {

// Starts channel 0 interrupting at about `hz` (19..1193182) per second.
void StartPitChannel0(uint32_t hz);
// Reprograms channel 0 to one-shot mode with the longest count: at most one more edge, ~55 ms
// later (mask its I/O APIC entry too).
void StopPitChannel0();

}  // namespace raeen::kernel::arch
