#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The kernel on different virtual machines: a bare x86-64 (`-cpu qemu64`, no SMEP/SMAP/UMIP),
// `-cpu max`, and 128 MiB and 8 GiB of RAM. Each boot must reach `kernel ready`, report the
// memory it was given and the CPU count, start every CPU (`smp: N of N cpus online` for -smp N),
// and say which protections are on: every one the CPU has, and OFF exactly where it lacks them.
class BootCpusScenario final : public Scenario {
 public:
  std::string_view name() const override { return "boot.cpus"; }
  std::string_view summary() const override {
    return "qemu64 and max CPUs, 128 MiB and 8 GiB: memory, CPUs and protections reported right";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
