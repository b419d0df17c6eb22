#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Threads never see each other's FPU/SSE registers, on both state formats and with 1, 2 and 4
// CPUs online: `ktest=thread` (ping-pong switching, stack reclamation, guard pages, private
// XMM0/MXCSR per thread) must pass on `-cpu max -smp 1` and `-smp 4` (XSAVE) and on
// `-cpu qemu64 -smp 2` (no XSAVE: FXSAVE). Each boot's `fpu:` line must name the format its
// CPU allows, and every CPU must be online.
class SchedFpuScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.fpu"; }
  std::string_view summary() const override {
    return "thread FPU state stays private: xsave (-cpu max) and fxsave (qemu64), 1/2/4 CPUs";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
