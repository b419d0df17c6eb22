#pragma once
// Switching the machine off and resetting it, with what the boot found in the ACPI tables
// (kernel/power/power_plan.h decides, kernel/arch/x86_64/power_control.h writes). Each step is
// logged as `power: ...` before it is tried, so that a machine that stays on says what did not
// work. docs/adr/0003-acpi-aml.md gives the order.

#include "kernel/boot/command_line.h"
#include "kernel/power/power_plan.h"

namespace raeen::kernel::power {

// What the boot's ACPI tables say about power control (empty without ACPI).
PowerFacts FactsFromBoot();

// ACPI S5 soft-off through PM1a/PM1b_CNT (SLEEP_CONTROL_REG when HW-reduced), switching the
// chipset to ACPI mode first if needed; if the machine still runs 100 ms later and this is a
// test boot (`ktest=` or `poweroff` on the command line), QEMU's isa-debug-exit (exit status
// 39); then it halts with `power: it is now safe to switch off`. Interrupts are masked on this
// CPU; other CPUs are not stopped (none runs kernel code yet).
[[noreturn]] void PowerOff();

// The FADT reset register, the 8042 reset pulse, PCI reset control (0xcf9), a triple fault:
// each tried for 100 ms before the next.
[[noreturn]] void Reboot();
// The same sequence from `first` on (`reboot=<way>`); from the start when the platform does
// not offer `first`.
[[noreturn]] void Reboot(ResetMethod first);

// Called once the kernel is ready: `poweroff` on the command line powers off, `reboot` reboots,
// `reboot=acpi|kbd|pci|triple` reboots starting with that way (`poweroff` wins when both are
// there). Returns when neither is present.
void RunReadyCommand(const CommandLine& command_line);

}  // namespace raeen::kernel::power
