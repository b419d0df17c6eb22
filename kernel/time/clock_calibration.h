#pragma once
// Measures the TSC against the best reference timer the machine has and makes it the
// monotonic clock: the HPET when the ACPI tables describe a usable one (its registers are
// MMIO, so this runs after the switch to the kernel's address space), else the ACPI PM timer
// when the FADT names one in I/O space, else the PIT. A reference passed over says why in the
// log; if every measurement fails, the clock keeps the loader's estimate.

#include <stdint.h>

#include "kernel/acpi/platform_tables.h"
#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel {

// `tables` may be null (no ACPI): the PIT is used then.
void CalibrateClock(const acpi::PlatformTables* tables, uint64_t tsc_at_boot,
                    const arch::CpuFeatures& features);

}  // namespace raeen::kernel
