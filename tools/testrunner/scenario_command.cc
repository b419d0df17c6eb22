#include "tools/testrunner/scenario_command.h"

#include <chrono>
#include <cstdio>

#include "tools/testrunner/accel_probe.h"
#include "tools/testrunner/failure_report.h"
#include "tools/testrunner/output_dir.h"
#include "tools/testrunner/scenario_registry.h"

namespace raeen::tools::testrunner {
namespace {

int SetupFailure(const std::string& scenario, const std::string& reason) {
  std::printf("FAIL %s: %s\n", scenario.c_str(), reason.c_str());
  return 1;
}

}  // namespace

int RunListCommand() {
  for (const auto& scenario : AllScenarios()) {
    std::printf("%-22.*s %.*s\n", static_cast<int>(scenario->name().size()),
                scenario->name().data(), static_cast<int>(scenario->summary().size()),
                scenario->summary().data());
  }
  return 0;
}

int RunScenarioCommand(const CliOptions& options) {
  const Scenario* scenario = FindScenario(options.scenario);
  if (scenario == nullptr) {
    std::printf("testrunner: no scenario named '%s'; these exist:\n", options.scenario.c_str());
    RunListCommand();
    return 1;
  }
  const std::string name(scenario->name());
  auto paths = BuildPaths::Resolve(options.build_dir);
  if (!paths) return SetupFailure(name, paths.error());
  if (auto bootable = paths->CheckBootable(); !bootable)
    return SetupFailure(name, bootable.error());
  const auto out_dir = options.out_dir.value_or(paths->DefaultOutputDir(name));
  if (auto prepared = PrepareOutputDir(out_dir); !prepared)
    return SetupFailure(name, prepared.error());
  auto accel = ResolveAccel(options.accel, *paths);
  if (!accel) return SetupFailure(name, accel.error());

  ScenarioContext context(ScenarioEnvironment{name, *paths, out_dir, *accel,
                                              std::chrono::seconds(options.timeout_seconds)});
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = scenario->Run(context);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<QemuSession*> sessions;
  for (const auto& session : context.sessions()) sessions.push_back(session.get());
  if (!outcome) {
    CaptureAndStop(sessions);
    PrintFailureReport(name, outcome.error(), sessions);
    std::printf("FAIL %s after %.1f s (output: %s)\n", name.c_str(), seconds, out_dir.c_str());
    return 1;
  }
  for (QemuSession* session : sessions) session->Stop();
  std::printf("PASS %s in %.1f s (output: %s)\n", name.c_str(), seconds, out_dir.c_str());
  return 0;
}

}  // namespace raeen::tools::testrunner
