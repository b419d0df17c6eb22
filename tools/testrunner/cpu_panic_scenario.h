#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// A deliberate kernel page fault must produce a complete panic report (decoded error code,
// faulting address, symbolized backtrace) and end QEMU with the panic exit status. Both that
// boot and a panic while CPU 1 spins with interrupts off must report every other CPU stopped
// (`panic: stopped N other cpus`, through the stop NMI); when two CPUs panic at once, exactly
// one reports.
class CpuPanicScenario final : public Scenario {
 public:
  std::string_view name() const override { return "cpu.panic"; }
  std::string_view summary() const override {
    return "ktest=panic.page_fault, other_cpu_busy, two_cpus_at_once: panic report, "
           "backtrace, other cpus stopped, one report, exit 37";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
