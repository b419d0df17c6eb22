#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// W^X proven by the faults it causes: writing kernel text is a protection-violation write,
// executing heap memory a protection-violation instruction fetch; each report names the
// function. (The mapper's refusal of W+X requests is the in-kernel test
// mm.mapper_refuses_write_execute, run by ktest.all.)
class MmWxScenario final : public Scenario {
 public:
  std::string_view name() const override { return "mm.wx"; }
  std::string_view summary() const override {
    return "writing kernel text and executing heap memory fault with decoded reports";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// Overflowing the boot stack lands on its guard page; the double fault runs on its IST stack
// and reports which stack overflowed.
class MmGuardScenario final : public Scenario {
 public:
  std::string_view name() const override { return "mm.guard"; }
  std::string_view summary() const override {
    return "a kernel stack overflow hits the guard page and gets a clean double-fault report";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
