#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Runs every in-kernel test (KTEST); the kernel reports TAP on serial and its verdict through
// isa-debug-exit.
class KtestAllScenario final : public Scenario {
 public:
  std::string_view name() const override { return "ktest.all"; }
  std::string_view summary() const override {
    return "ktest=all: every in-kernel test passes (exit 33), TAP report on serial";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
