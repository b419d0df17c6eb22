#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The kernel's calibrated TSC frequency against the host's own measurement of its TSC. Under
// TCG the guest reads the host's TSC, so the two must agree within 1%. The calibration must
// have used the HPET: q35 has one, and it is the kernel's first choice. (The monotonic clock's
// never-backwards check over 1e6 reads is the in-kernel test time.monotonic_never_goes_backwards.)
class TimeTscScenario final : public Scenario {
 public:
  std::string_view name() const override { return "time.tsc"; }
  std::string_view summary() const override {
    return "TSC calibrated against the HPET, within 1% of the rate the host measures";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
