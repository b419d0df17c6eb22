#pragma once
// The CPU protections between ring 0 and ring 3, each proven by the fault it causes on
// `-cpu max` (which under TCG offers SMEP, SMAP and UMIP; the kernel's `protection:` line must
// say they are on) and shown absent, without failing, on `-cpu qemu64` (which has none of them;
// the line must say OFF). A scenario never passes by skipping: on `max` the protection must be
// on and the fault must happen.

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// SMAP: a kernel read of a user page without stac panics with a report that names SMAP; the
// user-copy helpers (ktest=user_copy) work with SMAP on (stac/clac around each copy) and with
// it off (no stac/clac, which would be #UD there).
class CpuSmapScenario final : public Scenario {
 public:
  std::string_view name() const override { return "cpu.smap"; }
  std::string_view summary() const override {
    return "kernel read of a user page faults (SMAP report); user copies work with and without "
           "SMAP";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// SMEP: the kernel calling into a user-executable page panics with an instruction-fetch report
// that names SMEP.
class CpuSmepScenario final : public Scenario {
 public:
  std::string_view name() const override { return "cpu.smep"; }
  std::string_view summary() const override {
    return "kernel call into a user page faults with a decoded SMEP report";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// UMIP: sgdt, sidt, sldt, smsw and str in ring 3 (through the in-kernel tests' ring-3
// trampoline, ktest=cpu_protection) fault with #GP(0) at the instruction.
class CpuUmipScenario final : public Scenario {
 public:
  std::string_view name() const override { return "cpu.umip"; }
  std::string_view summary() const override {
    return "ring-3 sgdt/sidt/sldt/smsw/str fault with #GP(0) under UMIP; ring-3 trampoline works";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
