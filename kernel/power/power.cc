#include "kernel/power/power.h"

#include "kernel/acpi/platform_tables.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/debug_exit.h"
#include "kernel/arch/x86_64/power_control.h"
#include "kernel/boot/boot_info.h"
#include "kernel/log/log.h"
#include "kernel/power/power_plan.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::power {
namespace {

constexpr uint64_t kNanosecondsPerMillisecond = 1'000'000;
// How long a poweroff or reset gets to take effect before the next way is tried.
constexpr uint64_t kSettleNanoseconds = 100 * kNanosecondsPerMillisecond;
// How long the firmware gets to switch the chipset to ACPI mode (SCI_EN).
constexpr uint64_t kAcpiEnableNanoseconds = 1000 * kNanosecondsPerMillisecond;

// Spins for `ns` by the monotonic clock, and at most as long as a 10 GHz TSC would take, so
// that the wait ends even with no clock (which reads 0 before calibration).
void Wait(uint64_t ns) {
  const uint64_t start = MonotonicNanoseconds();
  const uint64_t tsc_limit = arch::ReadTsc() + ns * 10;
  while (MonotonicNanoseconds() - start < ns && arch::ReadTsc() < tsc_limit) arch::Pause();
}


bool IsTestBoot() {
  const boot::Handoff* handoff = GetBootInfo().handoff;
  if (handoff == nullptr) return false;
  CommandLine command_line(handoff->command_line);
  return command_line.Has("ktest") || command_line.Has("poweroff");
}

// Switches the chipset to ACPI mode when SCI_EN is clear and the firmware offers a way.
void EnableAcpiMode(const PowerOffPlan& plan) {
  Result<uint32_t> control = arch::ReadAcpiRegister(plan.pm1a_control, 16);
  if (!control.ok() || (*control & kPm1SciEnable) != 0) return;
  if (plan.smi_command_port == 0) {
    LogWarn("power: SCI_EN is clear and the FADT names no SMI command port; trying anyway");
    return;
  }
  LogInfo("power: enabling ACPI mode (SMI_CMD {:#x} <- {:#x})", plan.smi_command_port,
          plan.acpi_enable);
  arch::WriteSmiCommand(plan.smi_command_port, plan.acpi_enable);
  const uint64_t start = MonotonicNanoseconds();
  const uint64_t tsc_limit = arch::ReadTsc() + kAcpiEnableNanoseconds * 10;
  while (MonotonicNanoseconds() - start < kAcpiEnableNanoseconds && arch::ReadTsc() < tsc_limit) {
    Result<uint32_t> now = arch::ReadAcpiRegister(plan.pm1a_control, 16);
    if (now.ok() && (*now & kPm1SciEnable) != 0) {
      LogInfo("power: ACPI mode on");
      return;
    }
    arch::Pause();
  }
  LogWarn("power: SCI_EN still clear after 1 s; trying anyway");
}

// Writes SLP_TYP (with SLP_EN when `enable`) to one PM1 control register, keeping its other
// bits as read.
Result<void> WriteSleepType(const acpi::GenericAddress& reg, uint8_t sleep_type, bool enable) {
  RAEEN_TRY(uint32_t current, arch::ReadAcpiRegister(reg, 16));
  return arch::WriteAcpiRegister(
      reg, 16, Pm1ControlSleepValue(static_cast<uint16_t>(current), sleep_type, enable));
}

// Tries the ACPI soft-off of `plan`; returns if the machine is still on afterwards.
void TryAcpiPowerOff(const PowerOffPlan& plan) {
  if (plan.method == AcpiOffMethod::kNone) {
    if (plan.detail == Status::kOk) {
      LogWarn("power: ACPI poweroff unavailable ({})", plan.unavailable);
    } else {
      LogWarn("power: ACPI poweroff unavailable ({}: {})", plan.unavailable, plan.detail);
    }
    return;
  }
  if (plan.method == AcpiOffMethod::kSleepControl) {
    LogInfo("power: off via ACPI S5 (SLEEP_CONTROL {} {:#x}, SLP_TYP {})",
            acpi::AddressSpaceName(plan.sleep_control.space), plan.sleep_control.address,
            plan.sleep_type.a);
    Result<void> written =
        arch::WriteAcpiRegister(plan.sleep_control, 8, SleepControlValue(plan.sleep_type.a));
    if (!written.ok()) {
      LogWarn("power: ACPI poweroff failed (cannot write SLEEP_CONTROL: {})", written.status());
      return;
    }
  } else {
    const bool has_b = plan.pm1b_control.present();
    if (has_b) {
      LogInfo("power: off via ACPI S5 (PM1a_CNT {:#x}, SLP_TYP {}; PM1b_CNT {:#x}, SLP_TYP {})",
              plan.pm1a_control.address, plan.sleep_type.a, plan.pm1b_control.address,
              plan.sleep_type.b);
    } else {
      LogInfo("power: off via ACPI S5 (PM1a_CNT {:#x}, SLP_TYP {})", plan.pm1a_control.address,
              plan.sleep_type.a);
    }
    EnableAcpiMode(plan);
    // Two writes, as ACPICA makes them: the sleep type alone, then with SLP_EN. PM1a and PM1b
    // are one logical register, so both get each write before the next.
    constexpr bool kEnableSteps[] = {false, true};
    for (bool enable : kEnableSteps) {
      Result<void> a = WriteSleepType(plan.pm1a_control, plan.sleep_type.a, enable);
      if (!a.ok()) {
        LogWarn("power: ACPI poweroff failed (cannot access PM1a_CNT: {})", a.status());
        return;
      }
      if (has_b) {
        Result<void> b = WriteSleepType(plan.pm1b_control, plan.sleep_type.b, enable);
        if (!b.ok()) LogWarn("power: cannot access PM1b_CNT ({})", b.status());
      }
    }
  }
  Wait(kSettleNanoseconds);
  LogWarn("power: ACPI poweroff did not work (still running 100 ms after SLP_EN)");
}

void TryReset(const RebootPlan& plan, ResetMethod method) {
  switch (method) {
    case ResetMethod::kAcpiResetRegister: {
      LogInfo("power: reboot via ACPI reset register ({} {:#x} <- {:#x})",
              acpi::AddressSpaceName(plan.reset_register.space), plan.reset_register.address,
              plan.reset_value);
      Result<void> written = arch::WriteAcpiRegister(plan.reset_register, 8, plan.reset_value);
      if (!written.ok()) {
        LogWarn("power: cannot write the ACPI reset register ({})", written.status());
        return;
      }
      break;
    }
    case ResetMethod::kKeyboardController:
      LogInfo("power: reboot via 8042 reset pulse (port 0x64 <- 0xfe)");
      arch::PulseKeyboardControllerReset();
      break;
    case ResetMethod::kPciResetControl:
      LogInfo("power: reboot via PCI reset control (port 0xcf9 <- 0x02, then 0x06)");
      arch::WriteResetControl(0x02);
      Wait(50'000);  // Linux waits 50 us between the two writes
      arch::WriteResetControl(0x06);
      break;
    case ResetMethod::kTripleFault:
      LogInfo("power: reboot via triple fault (empty IDT, int3)");
      arch::TripleFault();
  }
  Wait(kSettleNanoseconds);
}

[[noreturn]] void RunRebootPlan(const RebootPlan& plan) {
  arch::DisableInterrupts();
  for (size_t i = 0; i < plan.step_count; ++i) {
    TryReset(plan, plan.steps[i]);
    if (i + 1 < plan.step_count) {
      LogWarn("power: {} did not work, trying {}", ResetMethodName(plan.steps[i]),
              ResetMethodName(plan.steps[i + 1]));
    }
  }
  // Not reached: the plan ends in a triple fault.
  arch::HaltForever();
}

}  // namespace

void PowerOff() {
  arch::DisableInterrupts();
  const PowerOffPlan plan = PlanPowerOff(FactsFromBoot(), IsTestBoot());
  TryAcpiPowerOff(plan);
  if (plan.debug_exit) {
    LogWarn("power: test boot: exiting QEMU through isa-debug-exit (status 39)");
    arch::DebugExit(arch::DebugExitCode::kPowerOffFallback);
    Wait(kSettleNanoseconds);
    LogWarn("power: isa-debug-exit did not work (not QEMU, or no such device)");
  }
  LogInfo("power: it is now safe to switch off");
  arch::HaltForever();
}

void Reboot() {
  RunRebootPlan(PlanReboot(FactsFromBoot().fadt));
}

void Reboot(ResetMethod first) {
  const RebootPlan full = PlanReboot(FactsFromBoot().fadt);
  bool found = false;
  const RebootPlan plan = StartRebootPlanAt(full, first, &found);
  if (!found) {
    LogWarn("power: this machine offers no {}; rebooting the usual way", ResetMethodName(first));
  }
  RunRebootPlan(plan);
}

void RunReadyCommand(const CommandLine& command_line) {
  if (command_line.Has("poweroff")) PowerOff();
  rstd::StringView way;
  if (command_line.Get("reboot", &way)) {
    ResetMethod first;
    if (ParseResetMethod(way, &first)) Reboot(first);
    LogWarn("power: unknown reboot way '{}' (acpi, kbd, pci or triple); rebooting the usual way",
            way);
    Reboot();
  }
  if (command_line.Has("reboot")) Reboot();
}

PowerFacts FactsFromBoot() {
  PowerFacts facts;
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr) return facts;
  if (acpi::PlatformTables::Usable(tables->fadt_status)) facts.fadt = &tables->fadt;
  facts.s5_status = tables->s5_status;
  facts.s5 = tables->s5;
  return facts;
}

}  // namespace raeen::kernel::power
