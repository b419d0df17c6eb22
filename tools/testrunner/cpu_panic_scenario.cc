#include "tools/testrunner/cpu_panic_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// What the report must say about the fault: a write to a not-present page, and where.
constexpr std::string_view kRequiredText[] = {"page fault", "cr2=0x", "not-present", "write"};

}  // namespace

Outcome CpuPanicScenario::Run(ScenarioContext& context) const {
  // The panic is expected here, so only loader and firmware failures end the boot early.
  auto booted = context.Boot({"", "ktest=panic.page_fault", BootFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;

  const WaitResult exited = session.WaitForExit();
  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(exited, "QEMU to exit with status 37 (kernel panic)"));
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
        Printf("QEMU ended with %s, expected exit status %d (kernel panic via isa-debug-exit)%s",
               session.exit()->Describe().c_str(), kExitKernelPanic,
               panic == lines.size() ? "; no `KERNEL PANIC` line either" : ""));
  }
  if (panic == lines.size()) {
    return std::unexpected("exit status 37 but no line contains `KERNEL PANIC`");
  }
  context.Note(session, lines[panic], "panic report");

  std::string missing;
  for (const std::string_view text : kRequiredText) {
    bool found = false;
    for (size_t i = panic; i < lines.size() && !found; ++i) {
      found = lines[i].text.find(text) != std::string::npos;
    }
    if (!found)
      missing += Printf("%s`%.*s`", missing.empty() ? "" : ", ", static_cast<int>(text.size()),
                        text.data());
  }
  if (!missing.empty()) return std::unexpected("the panic report lacks " + missing);

  for (size_t i = panic; i < lines.size(); ++i) {
    if (lines[i].text.find(kPageFaultFunction) != std::string::npos) {
      context.Note(session, lines[i], "backtrace");
      return {};
    }
  }
  return std::unexpected("the panic report has no backtrace line naming " +
                         std::string(kPageFaultFunction));
}

}  // namespace raeen::tools::testrunner
