#include "tools/testrunner/panic_report.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

Outcome ExpectPanicReport(ScenarioContext& context, const ExpectedPanic& expected) {
  // The panic is expected here, so only loader and firmware failures end the boot early.
  auto booted = context.Boot(
      {std::string(expected.label), std::string(expected.cmdline), BootFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::string prefix = expected.label.empty() ? "" : std::string(expected.label) + ": ";

  const WaitResult exited = session.WaitForExit();
  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(
        prefix + session.Explain(exited, "QEMU to exit with status 37 (kernel panic)"));
  }
  const auto& lines = session.lines();
  size_t panic = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].text.find(kKernelPanic) != std::string::npos) {
      panic = i;
      break;
    }
  }
  if (!session.exit()->Exited(kExitKernelPanic)) {
    return std::unexpected(
        prefix +
        Printf("QEMU ended with %s, expected exit status %d (kernel panic via isa-debug-exit)%s",
               session.exit()->Describe().c_str(), kExitKernelPanic,
               panic == lines.size() ? "; no `KERNEL PANIC` line either" : ""));
  }
  if (panic == lines.size()) {
    return std::unexpected(prefix + "exit status 37 but no line contains `KERNEL PANIC`");
  }
  context.Note(session, lines[panic], "panic report");

  std::string missing;
  for (const std::string_view text : expected.required_texts) {
    bool found = false;
    for (size_t i = panic; i < lines.size() && !found; ++i) {
      found = lines[i].text.find(text) != std::string::npos;
    }
    if (!found) {
      missing += Printf("%s`%.*s`", missing.empty() ? "" : ", ", static_cast<int>(text.size()),
                        text.data());
    }
  }
  if (!missing.empty()) return std::unexpected(prefix + "the panic report lacks " + missing);

  for (size_t i = panic; i < lines.size(); ++i) {
    if (lines[i].text.find(expected.backtrace_function) != std::string::npos) {
      context.Note(session, lines[i], "names the function");
      return {};
    }
  }
  return std::unexpected(prefix + "the panic report has no line naming " +
                         std::string(expected.backtrace_function));
}

}  // namespace raeen::tools::testrunner
