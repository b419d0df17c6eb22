#pragma once
// The service manager from the outside: a normal boot (no `run=`), where svcmgr starts the
// boot services of the initrd's etc/services/ and, for `svc.start=` on the command line, the
// scenario's test programs (manual-start manifests). The runner waits for the expected lines
// in order, then for the test program's summary ("P: N checks, 0 failed") and svcmgr's report
// that it exited with code 0.

#include <memory>
#include <string>
#include <vector>

#include "tools/testrunner/scenario.h"
#include "tools/testrunner/user_scenarios.h"

namespace raeen::tools::testrunner {

class ServiceScenario final : public Scenario {
 public:
  ServiceScenario(std::string name, std::string summary, std::string start, std::string program,
                  std::vector<ProgramExpectation> expected)
      : name_(std::move(name)),
        summary_(std::move(summary)),
        start_(std::move(start)),
        program_(std::move(program)),
        expected_(std::move(expected)) {}
  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return summary_; }
  Outcome Run(ScenarioContext& context) const override;

 private:
  std::string name_;
  std::string summary_;
  std::string start_;    // svc.start=
  std::string program_;  // the test program that reports checks
  std::vector<ProgramExpectation> expected_;
};

// svc.start, svc.sandbox, svc.restart, vfs.ops, log.collect.
std::vector<std::unique_ptr<Scenario>> MakeServiceScenarios();

}  // namespace raeen::tools::testrunner
