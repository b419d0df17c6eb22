#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Two boots of the same image must place the kernel at different random bases, each 2 MiB
// aligned inside the kernel's window of the address space.
class BootKaslrScenario final : public Scenario {
 public:
  std::string_view name() const override { return "boot.kaslr"; }
  std::string_view summary() const override {
    return "two boots, two different 2 MiB-aligned kernel bases in the top 2 GiB";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
