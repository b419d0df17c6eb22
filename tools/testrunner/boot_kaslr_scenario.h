#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Three boots of the same image: the kernel image, the direct map, the kernel stack area and
// the MMIO window each lie at an aligned base inside their region, and each takes at least two
// different values over the three boots.
class BootKaslrScenario final : public Scenario {
 public:
  std::string_view name() const override { return "boot.kaslr"; }
  std::string_view summary() const override {
    return "three boots randomize the kernel, direct map, stack and MMIO bases";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
