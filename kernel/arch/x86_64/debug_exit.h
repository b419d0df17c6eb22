#pragma once
// QEMU's isa-debug-exit device (iobase 0xf4): writing v makes QEMU exit with (v << 1) | 1.
// The test runner maps those statuses to results; on real hardware the port is unused and
// the write does nothing.

#include <stdint.h>

namespace raeen::kernel::arch {

enum class DebugExitCode : uint8_t {
  kTestsPassed = 0x10,       // QEMU exit status 33
  kTestsFailed = 0x11,       // 35
  kPanic = 0x12,             // 37
  kPowerOffFallback = 0x13,  // 39: ACPI poweroff failed on a test boot (kernel/power)
};

void DebugExit(DebugExitCode code);

}  // namespace raeen::kernel::arch
