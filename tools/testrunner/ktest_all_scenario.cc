#include "tools/testrunner/ktest_all_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/tap_parser.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

Outcome KtestAllScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot({"", "ktest=all", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;

  const WaitResult exited = session.WaitForExit();
  TapParser tap;
  for (const SerialLine& line : session.lines()) tap.Feed(line.text);
  const TapReport& report = tap.report();
  for (const std::string& line : report.lines) context.Note("  " + line);

  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(exited, "the in-kernel tests to finish"));
  }
  const ProcessExit status = *session.exit();
  // Both must agree: exit status 33 and a complete TAP report with every test ok. A kernel
  // that exits "passed" after losing or skipping tests is a failure.
  if (status.Exited(kExitKtestPass)) {
    std::vector<std::string> problems = report.Problems();
    if (problems.empty() && report.failed() == 0 && report.passed() > 0) {
      context.Note(Printf("%d in-kernel tests passed", report.passed()));
      return {};
    }
    std::string reason = Printf(
        "exit status 33 (passed) but the TAP report disagrees: %d passed, %d failed",
        report.passed(), report.failed());
    for (const std::string& problem : problems) reason += "\n  TAP: " + problem;
    return std::unexpected(reason);
  }

  std::string reason;
  if (status.Exited(kExitKtestFail)) {
    reason = Printf("in-kernel tests failed (exit status %d): %d passed, %d failed", kExitKtestFail,
                    report.passed(), report.failed());
  } else if (status.Exited(kExitKernelPanic)) {
    reason = Printf("the kernel panicked during the tests (exit status %d)", kExitKernelPanic);
  } else {
    reason = "QEMU ended with " + status.Describe() +
             ", expected 33 (tests passed) or 35 (tests failed)";
  }
  for (const TapResult& result : report.results) {
    if (!result.ok) reason += Printf("\n  not ok %d - %s", result.number, result.name.c_str());
  }
  for (const std::string& problem : report.Problems()) reason += "\n  TAP: " + problem;
  return std::unexpected(reason);
}

}  // namespace raeen::tools::testrunner
