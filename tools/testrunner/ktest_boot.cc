#include "tools/testrunner/ktest_boot.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/tap_parser.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

std::expected<QemuSession*, std::string> BootKtestsToPass(ScenarioContext& context,
                                                          const std::string& label,
                                                          const std::string& filter,
                                                          const Machine& machine) {
  auto booted = context.Boot({label, "ktest=" + filter, BootOrPanicFailurePatterns(), machine});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::string prefix = label + ": ";

  const WaitResult exited = session.WaitForExit();
  TapParser tap;
  for (const SerialLine& line : session.lines()) tap.Feed(line.text);
  const TapReport& report = tap.report();
  for (const std::string& line : report.lines) context.Note("  " + prefix + line);
  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(prefix + session.Explain(exited, "the in-kernel tests to finish"));
  }
  const ProcessExit status = *session.exit();
  if (!status.Exited(kExitKtestPass) || !report.AllPassed() || report.passed() == 0) {
    std::string reason = prefix + "QEMU ended with " + status.Describe() +
                         Printf(" (expected 33), %d passed, %d failed", report.passed(),
                                report.failed());
    for (const TapResult& result : report.results) {
      if (!result.ok) reason += Printf("\n  not ok %d - %s", result.number, result.name.c_str());
    }
    for (const std::string& problem : report.Problems()) reason += "\n  TAP: " + problem;
    return std::unexpected(reason);
  }
  return &session;
}

std::string FirstKernelMessage(const QemuSession& session, std::string_view marker) {
  for (const SerialLine& line : session.lines()) {
    std::string_view message = KernelMessage(line.text);
    if (message.starts_with(marker)) return std::string(message);
  }
  return {};
}

}  // namespace raeen::tools::testrunner
