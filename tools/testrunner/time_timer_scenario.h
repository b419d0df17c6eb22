#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The system timer on two CPU models: `ktest=timer` booted with `-cpu max` and `-cpu qemu64`
// must exit 33 with every test ok, and each boot's `timer:` line must name the mode its CPU
// allows: TSC-deadline exactly when the boot's `cpu: has` line lists tsc-deadline, else the
// calibrated local APIC one-shot; likewise its `apic:` line x2APIC exactly when the CPU has
// x2apic. (QEMU 7.2's TCG offers neither feature on any CPU model, so under TCG both boots
// run xAPIC + one-shot; under KVM `max` exercises TSC-deadline.)
class TimeTimerScenario final : public Scenario {
 public:
  std::string_view name() const override { return "time.timer"; }
  std::string_view summary() const override {
    return "ktest=timer on -cpu max and qemu64: passes, timer and APIC modes follow CPUID";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
