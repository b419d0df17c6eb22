#pragma once
// Brings up interrupt delivery and the system timer on the boot CPU, in the one order that
// works: the log's interrupt hook, the 8259s masked, the local APIC (xAPIC or x2APIC), NMI
// reports and the APIC error vector, every I/O APIC masked, the APIC timer (TSC-deadline or
// calibrated one-shot), and only then `sti`. Each step logs what it chose.
//
// Needs the kernel's address space (MapMmio), the ACPI tables in BootInfo and the calibrated
// monotonic clock. The kernel command line word `timer=oneshot` forces the one-shot timer on
// CPUs with TSC-deadline (to test that path). Without a usable local APIC it logs an error
// and leaves interrupts disabled: the kernel then runs without timers.

#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {

void StartInterruptsAndTimer(const CpuFeatures& features);

// The idle loop with interrupts enabled: timers keep firing while the CPU waits.
[[noreturn]] void IdleForever();

}  // namespace raeen::kernel::arch
