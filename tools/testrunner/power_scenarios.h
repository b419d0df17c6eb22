#pragma once
// Poweroff and reboot (kernel/power) as the machine sees them: QEMU must end by itself, with
// status 0, through the ACPI way and not a fallback.

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// After `kernel ready` on a boot with `poweroff` on its command line: requires the kernel's
// `power: off via ACPI S5` line, no line saying ACPI poweroff was unavailable or did not work,
// and QEMU exiting by itself with status 0 (ACPI S5; isa-debug-exit can only give odd statuses,
// 39 being the kernel's poweroff fallback). Used by power.off and boot.uefi.
Outcome ExpectAcpiPowerOff(ScenarioContext& context, QemuSession& session);

// `poweroff` on the command line: the machine switches itself off through ACPI S5.
class PowerOffScenario final : public Scenario {
 public:
  std::string_view name() const override { return "power.off"; }
  std::string_view summary() const override {
    return "`poweroff`: ACPI S5 ends QEMU by itself with status 0, no fallback";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// `reboot` on the command line under -no-reboot: the FADT reset register resets the machine,
// which makes QEMU exit with status 0; no other reset way is tried and nothing panics.
class PowerRebootScenario final : public Scenario {
 public:
  std::string_view name() const override { return "power.reboot"; }
  std::string_view summary() const override {
    return "`reboot`: the ACPI reset register resets the machine (QEMU -no-reboot exits 0)";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// The other reset ways, each on its own boot (`reboot=kbd`, `reboot=pci`, `reboot=triple`):
// each must reset the machine by itself, so that the fallbacks behind the reset register are
// known to work where the reset register does not.
class PowerRebootWaysScenario final : public Scenario {
 public:
  std::string_view name() const override { return "power.reboot_ways"; }
  std::string_view summary() const override {
    return "`reboot=kbd|pci|triple`: the 8042, port 0xcf9 and a triple fault each reset the "
           "machine";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
