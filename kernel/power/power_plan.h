#pragma once
// Which ways of switching the machine off or resetting it the platform offers, decided from
// what the boot found in the ACPI tables (the FADT and the DSDT's \_S5 sleep type). Pure logic,
// host-tested; kernel/power/power.cc carries a plan out through kernel/arch/x86_64/power_control.h.
// docs/adr/0003-acpi-aml.md gives the order and why nothing else is tried.

#include <stddef.h>
#include <stdint.h>

#include "kernel/acpi/fadt.h"
#include "kernel/acpi/generic_address.h"
#include "kernel/acpi/sleep_type.h"
#include "libs/rstd/status.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::power {

// PM1 control register bits [ACPI 6.5, 4.8.3.2.1, table 4.13].
inline constexpr uint16_t kPm1SciEnable = 1u << 0;  // SCI_EN: the chipset is in ACPI mode
inline constexpr unsigned kPm1SleepTypeShift = 10;  // SLP_TYP, bits 12:10
inline constexpr uint16_t kPm1SleepTypeMask = 7u << kPm1SleepTypeShift;
inline constexpr uint16_t kPm1SleepEnable = 1u << 13;  // SLP_EN (write-only)
// Sleep control register bits on HW-reduced platforms [ACPI 6.5, 4.8.3.7].
inline constexpr unsigned kSleepControlTypeShift = 2;    // SLP_TYPx, bits 4:2
inline constexpr uint8_t kSleepControlEnable = 1u << 5;  // SLP_EN

// What the boot found: the usable FADT (null when there is none) and FindS5SleepType's answer.
struct PowerFacts {
  const acpi::Fadt* fadt = nullptr;
  Status s5_status = Status::kNotFound;
  acpi::SleepType s5{};
};

// PM1x_CNT with SLP_TYP replaced by `sleep_type` (3 bits), the other bits as read and SLP_EN
// as `enable` asks: the two writes of a sleep transition [ACPI 6.5, 7.4.2 and 16.1.6].
uint16_t Pm1ControlSleepValue(uint16_t current, uint8_t sleep_type, bool enable);
// SLEEP_CONTROL_REG's value for `sleep_type` with SLP_EN [ACPI 6.5, 4.8.3.7].
uint8_t SleepControlValue(uint8_t sleep_type);

enum class AcpiOffMethod : uint8_t {
  kNone,          // no ACPI poweroff: `unavailable` says why
  kPm1Control,    // SLP_TYP | SLP_EN into PM1a_CNT (and PM1b_CNT when present)
  kSleepControl,  // HW-reduced: SLP_TYP | SLP_EN into SLEEP_CONTROL_REG
};

struct PowerOffPlan {
  AcpiOffMethod method = AcpiOffMethod::kNone;
  // For kNone: why, for the log line `power: ACPI poweroff unavailable (<unavailable>[: status])`;
  // `detail` is the status behind it (kOk when there is none to show).
  rstd::StringView unavailable;
  Status detail = Status::kOk;

  acpi::SleepType sleep_type{};
  acpi::GenericAddress pm1a_control{};   // kPm1Control
  acpi::GenericAddress pm1b_control{};   // kPm1Control; absent (address 0) when there is none
  acpi::GenericAddress sleep_control{};  // kSleepControl

  // kPm1Control: when PM1a_CNT.SCI_EN reads clear the chipset is in legacy mode; if this port
  // is nonzero, writing `acpi_enable` to it asks the firmware to switch to ACPI mode first.
  uint16_t smi_command_port = 0;
  uint8_t acpi_enable = 0;

  // Then, when still running: QEMU's isa-debug-exit (test boots only, see PlanPowerOff).
  bool debug_exit = false;
};

// The poweroff sequence for `facts`. `test_boot`: the boot was started by automation (`ktest=`
// or `poweroff` on the command line), so a QEMU-only port write to end it is allowed after ACPI
// failed; on other boots port 0xf4 (an x87 FPU port on old PCs) is left alone.
PowerOffPlan PlanPowerOff(const PowerFacts& facts, bool test_boot);

enum class ResetMethod : uint8_t {
  kAcpiResetRegister,   // the FADT's RESET_REG <- RESET_VALUE [ACPI 6.5, 4.8.3.6]
  kKeyboardController,  // 8042 command 0xfe: pulse the CPU reset line
  kPciResetControl,     // port 0xcf9: 0x02 then 0x06 (hard reset) [Intel ICH9 datasheet, 13.7.5]
  kTripleFault,         // an empty IDT and int3: the CPU shuts down and the board resets it
};

// "ACPI reset register", "8042 reset pulse", ... for logs.
rstd::StringView ResetMethodName(ResetMethod method);

// The command-line names of the ways (`reboot=<name>`): "acpi", "kbd", "pci", "triple", as
// Linux's `reboot=` option spells them. False for any other text.
bool ParseResetMethod(rstd::StringView name, ResetMethod* method);

struct RebootPlan {
  static constexpr size_t kMaxSteps = 4;
  ResetMethod steps[kMaxSteps];
  size_t step_count = 0;
  // For kAcpiResetRegister.
  acpi::GenericAddress reset_register{};
  uint8_t reset_value = 0;
};

// The reset sequence for `fadt` (null: no usable FADT), always ending in kTripleFault: the
// reset register when the FADT offers a usable one (RESET_REG_SUP, and an I/O port that fits
// 16 bits), the 8042 when the IA-PC boot flags list one (or there are no flags: no FADT, or
// one older than revision 3), PCI reset control, the triple fault.
RebootPlan PlanReboot(const acpi::Fadt* fadt);

// `plan` from `first` on (to try one way and what follows it, for tests and for machines on
// which an earlier way misbehaves). When `first` is not in the plan (no usable reset register,
// no 8042) the plan is returned unchanged and *found is false.
RebootPlan StartRebootPlanAt(const RebootPlan& plan, ResetMethod first, bool* found);

}  // namespace raeen::kernel::power
