#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// A deliberate kernel page fault must produce a complete panic report (decoded error code,
// faulting address, symbolized backtrace) and end QEMU with the panic exit status.
class CpuPanicScenario final : public Scenario {
 public:
  std::string_view name() const override { return "cpu.panic"; }
  std::string_view summary() const override {
    return "ktest=panic.page_fault: decoded page-fault panic report, backtrace, exit 37";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
