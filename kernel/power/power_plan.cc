#include "kernel/power/power_plan.h"

namespace raeen::kernel::power {
namespace {

// An I/O port the x86 `in`/`out` instructions can reach.
bool IsReachablePort(const acpi::GenericAddress& gas) {
  return gas.space != acpi::AddressSpace::kSystemIo || gas.address <= 0xffff;
}

}  // namespace

uint16_t Pm1ControlSleepValue(uint16_t current, uint8_t sleep_type, bool enable) {
  uint16_t value = current & static_cast<uint16_t>(~(kPm1SleepTypeMask | kPm1SleepEnable));
  value |= static_cast<uint16_t>((sleep_type & 7u) << kPm1SleepTypeShift);
  if (enable) value |= kPm1SleepEnable;
  return value;
}

uint8_t SleepControlValue(uint8_t sleep_type) {
  return static_cast<uint8_t>(((sleep_type & 7u) << kSleepControlTypeShift) | kSleepControlEnable);
}

PowerOffPlan PlanPowerOff(const PowerFacts& facts, bool test_boot) {
  PowerOffPlan plan;
  plan.debug_exit = test_boot;
  const acpi::Fadt* fadt = facts.fadt;
  if (fadt == nullptr) {
    plan.unavailable = "no usable FADT";
    return plan;
  }
  if (facts.s5_status != Status::kOk) {
    plan.unavailable = "no \\_S5 sleep type in the DSDT";
    plan.detail = facts.s5_status;
    return plan;
  }
  if (facts.s5.a > 7 || facts.s5.b > 7) {
    plan.unavailable = "\\_S5 sleep type above 7";
    plan.detail = Status::kOutOfRange;
    return plan;
  }
  plan.sleep_type = facts.s5;

  if (fadt->hardware_reduced()) {
    if (!fadt->sleep_control.present()) {
      plan.unavailable = "HW-reduced platform without a sleep control register";
      return plan;
    }
    if (!IsReachablePort(fadt->sleep_control)) {
      plan.unavailable = "sleep control register beyond the I/O port space";
      return plan;
    }
    plan.method = AcpiOffMethod::kSleepControl;
    plan.sleep_control = fadt->sleep_control;
    return plan;
  }

  if (!fadt->pm1a_control.present()) {
    plan.unavailable = fadt->Rejected(acpi::FadtField::kPm1aControl)
                           ? "the FADT's PM1a_CNT block is malformed"
                           : "no PM1a_CNT block in the FADT";
    return plan;
  }
  if (!IsReachablePort(fadt->pm1a_control)) {
    plan.unavailable = "PM1a_CNT beyond the I/O port space";
    return plan;
  }
  plan.method = AcpiOffMethod::kPm1Control;
  plan.pm1a_control = fadt->pm1a_control;
  // A PM1b block that cannot be reached is left out: PM1a alone suffices on every chipset
  // that has only one, and a write that cannot be made cannot help.
  if (fadt->pm1b_control.present() && IsReachablePort(fadt->pm1b_control)) {
    plan.pm1b_control = fadt->pm1b_control;
  }
  // ACPI_ENABLE is reserved (zero) on systems without legacy mode [ACPI 6.5, 5.2.9].
  if (fadt->smi_command_port != 0 && fadt->smi_command_port <= 0xffff && fadt->acpi_enable != 0) {
    plan.smi_command_port = static_cast<uint16_t>(fadt->smi_command_port);
    plan.acpi_enable = fadt->acpi_enable;
  }
  return plan;
}

rstd::StringView ResetMethodName(ResetMethod method) {
  switch (method) {
    case ResetMethod::kAcpiResetRegister: return "ACPI reset register";
    case ResetMethod::kKeyboardController: return "8042 reset pulse";
    case ResetMethod::kPciResetControl: return "PCI reset control (port 0xcf9)";
    case ResetMethod::kTripleFault: return "triple fault";
  }
  return "unknown";
}

bool ParseResetMethod(rstd::StringView name, ResetMethod* method) {
  struct Name {
    rstd::StringView text;
    ResetMethod method;
  };
  constexpr Name kNames[] = {
      {"acpi", ResetMethod::kAcpiResetRegister},
      {"kbd", ResetMethod::kKeyboardController},
      {"pci", ResetMethod::kPciResetControl},
      {"triple", ResetMethod::kTripleFault},
  };
  for (const Name& entry : kNames) {
    if (entry.text == name) {
      *method = entry.method;
      return true;
    }
  }
  return false;
}

RebootPlan StartRebootPlanAt(const RebootPlan& plan, ResetMethod first, bool* found) {
  for (size_t i = 0; i < plan.step_count; ++i) {
    if (plan.steps[i] != first) continue;
    RebootPlan rest = plan;
    rest.step_count = 0;
    for (size_t j = i; j < plan.step_count; ++j) rest.steps[rest.step_count++] = plan.steps[j];
    *found = true;
    return rest;
  }
  *found = false;
  return plan;
}

RebootPlan PlanReboot(const acpi::Fadt* fadt) {
  RebootPlan plan;
  auto add = [&plan](ResetMethod method) { plan.steps[plan.step_count++] = method; };
  if (fadt != nullptr && fadt->reset_supported() && IsReachablePort(fadt->reset_register)) {
    add(ResetMethod::kAcpiResetRegister);
    plan.reset_register = fadt->reset_register;
    plan.reset_value = fadt->reset_value;
  }
  // IAPC_BOOT_ARCH exists from FADT revision 3 (length 244) on; before it every PC had an 8042.
  const bool has_boot_flags = fadt != nullptr && fadt->length >= acpi::Fadt::kLengthRevision3;
  if (!has_boot_flags || fadt->Has(acpi::BootArchFlag::k8042)) {
    add(ResetMethod::kKeyboardController);
  }
  add(ResetMethod::kPciResetControl);
  add(ResetMethod::kTripleFault);
  return plan;
}

}  // namespace raeen::kernel::power
