#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Default UEFI boot to `kernel ready`: loader, banner, plausible memory and CPU counts for
// the test machine, and no panic or loader error on the way.
class BootUefiScenario final : public Scenario {
 public:
  std::string_view name() const override { return "boot.uefi"; }
  std::string_view summary() const override {
    return "OVMF -> rae-boot -> kernel ready; memory and CPU counts match the machine";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
