#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Default UEFI boot to `kernel ready`: loader, banner, plausible memory and CPU counts for
// the test machine, and no panic or loader error on the way; then, with `poweroff` on the
// command line, a clean ACPI poweroff (QEMU exits by itself with status 0).
class BootUefiScenario final : public Scenario {
 public:
  std::string_view name() const override { return "boot.uefi"; }
  std::string_view summary() const override {
    return "OVMF -> rae-boot -> kernel ready -> ACPI poweroff; memory and CPU counts match";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
