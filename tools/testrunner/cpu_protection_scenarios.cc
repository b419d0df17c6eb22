#include "tools/testrunner/cpu_protection_scenarios.h"

#include <span>
#include <string>
#include <string_view>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/panic_report.h"
#include "tools/testrunner/tap_parser.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

const Machine kMax = {"max", kGuestMemoryMib, kGuestCpus};
const Machine kQemu64 = {"qemu64", kGuestMemoryMib, kGuestCpus};

std::string Quote(std::string_view text) {
  return "`" + std::string(text) + "`";
}

// The kernel's `protection: nx on, wp on, smep on, smap on, umip on, fsgsbase on` line must
// contain `expected` (e.g. "smap on," or "smap OFF,").
Outcome ExpectProtection(const QemuSession& session, std::string_view label,
                         std::string_view expected) {
  for (const SerialLine& line : session.lines()) {
    if (line.text.find("protection: nx") == std::string::npos) continue;
    if (line.text.find(expected) != std::string::npos) return {};
    return std::unexpected(std::string(label) + ": expected " + Quote(expected) +
                           " in the protection report, got " + Quote(line.text));
  }
  return std::unexpected(std::string(label) + ": no `protection:` line in the boot log");
}

// A panic on `max`: the common panic-report check, then the protection line.
Outcome ExpectProtectionPanic(ScenarioContext& context, const ExpectedPanic& expected,
                              std::string_view protection_on) {
  Outcome report = ExpectPanicReport(context, expected);
  if (!report) return report;
  return ExpectProtection(*context.sessions().back(), expected.label, protection_on);
}

struct ExpectedPass {
  std::string_view label;
  std::string_view cmdline;
  Machine machine;
  std::string_view protection;  // e.g. "smap OFF,"
  std::span<const std::string_view> required_texts;
};

// Boots, expects exit status 33 with a complete all-ok TAP report, the protection word, and
// every required text in the log.
Outcome ExpectTestsPass(ScenarioContext& context, const ExpectedPass& expected) {
  auto booted = context.Boot({std::string(expected.label), std::string(expected.cmdline),
                              BootOrPanicFailurePatterns(), expected.machine});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::string prefix = std::string(expected.label) + ": ";

  const WaitResult exited = session.WaitForExit();
  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(prefix + session.Explain(exited, "the in-kernel tests to finish"));
  }
  TapParser tap;
  for (const SerialLine& line : session.lines()) tap.Feed(line.text);
  const TapReport& report = tap.report();
  for (const std::string& line : report.lines) context.Note("  " + line);
  if (!session.exit()->Exited(kExitKtestPass) || report.failed() != 0 || report.passed() == 0 ||
      !report.Problems().empty()) {
    std::string reason = prefix + Printf(
                                      "QEMU ended with %s (expected %d), TAP: %d passed, "
                                      "%d failed",
                                      session.exit()->Describe().c_str(), kExitKtestPass,
                                      report.passed(), report.failed());
    for (const TapResult& result : report.results) {
      if (!result.ok) reason += Printf("\n  not ok %d - %s", result.number, result.name.c_str());
    }
    for (const std::string& problem : report.Problems()) reason += "\n  TAP: " + problem;
    return std::unexpected(reason);
  }
  Outcome protection = ExpectProtection(session, expected.label, expected.protection);
  if (!protection) return protection;
  for (const std::string_view text : expected.required_texts) {
    const SerialLine* found = nullptr;
    for (const SerialLine& line : session.lines()) {
      if (line.text.find(text) != std::string::npos) {
        found = &line;
        break;
      }
    }
    if (found == nullptr) return std::unexpected(prefix + "no line contains " + Quote(text));
    context.Note(session, *found, "reported");
  }
  return {};
}

Outcome All(std::initializer_list<Outcome (*)(ScenarioContext&)> steps, ScenarioContext& context) {
  for (auto step : steps) {
    Outcome outcome = step(context);
    if (!outcome) return outcome;
  }
  return {};
}

// cpu.smap
constexpr std::string_view kSmapReport[] = {
    "#PF page fault", "protection-violation read kernel-mode data-access", "cr2=0x0000000040020000",
    "refused: supervisor access to a user page (SMAP)"};
constexpr std::string_view kCopiesWithSmap[] = {
    "user_copy: SMAP on: copies open the stac/clac window"};
constexpr std::string_view kCopiesWithoutSmap[] = {
    "user_copy: SMAP OFF (the CPU lacks it): copies run without stac/clac"};
constexpr std::string_view kSmapAbsent[] = {
    "cpu_protection: SMAP OFF (the CPU lacks it): the kernel read user memory (0x5a) without a "
    "fault"};

Outcome SmapPanicsOnMax(ScenarioContext& context) {
  return ExpectProtectionPanic(context,
                               {"max-read", "ktest=cpu_protection.smap_read_user_page", kSmapReport,
                                "ReadUserPageWithoutStac"},
                               "smap on,");
}
Outcome CopiesOnMax(ScenarioContext& context) {
  return ExpectTestsPass(context,
                         {"max-copies", "ktest=user_copy", kMax, "smap on,", kCopiesWithSmap});
}
Outcome CopiesOnQemu64(ScenarioContext& context) {
  return ExpectTestsPass(
      context, {"qemu64-copies", "ktest=user_copy", kQemu64, "smap OFF,", kCopiesWithoutSmap});
}
Outcome SmapAbsentOnQemu64(ScenarioContext& context) {
  return ExpectTestsPass(context, {"qemu64-read", "ktest=cpu_protection.smap_read_user_page",
                                   kQemu64, "smap OFF,", kSmapAbsent});
}

// cpu.smep
constexpr std::string_view kSmepReport[] = {
    "#PF page fault", "protection-violation read kernel-mode instruction-fetch",
    "cr2=0x0000000040000000", "refused: supervisor fetch from a user page (SMEP)"};
constexpr std::string_view kSmepAbsent[] = {
    "cpu_protection: SMEP OFF (the CPU lacks it): the kernel ran code from a user page"};

Outcome SmepPanicsOnMax(ScenarioContext& context) {
  return ExpectProtectionPanic(context,
                               {"max-execute", "ktest=cpu_protection.smep_execute_user_page",
                                kSmepReport, "ExecuteUserPageFromKernel"},
                               "smep on,");
}
Outcome SmepAbsentOnQemu64(ScenarioContext& context) {
  return ExpectTestsPass(context, {"qemu64-execute", "ktest=cpu_protection.smep_execute_user_page",
                                   kQemu64, "smep OFF,", kSmepAbsent});
}

// cpu.umip: the whole cpu_protection suite (ring-3 round trip, ring 3 reading kernel memory,
// UMIP); the KTEST_MANUAL SMAP/SMEP tests are not part of it.
constexpr std::string_view kUmipFaults[] = {
    "ring-3 round trip: #UD invalid opcode",
    "ring-3 read of kernel memory: #PF page fault error=0x5 (protection-violation read user-mode "
    "data-access)",
    "ring-3 sgdt: #GP general protection error=0x0 (external=0 table=GDT index=0) at 0x40000000 "
    "cs=0x2b",
    "ring-3 sidt: #GP general protection error=0x0 (external=0 table=GDT index=0) at 0x40000000 "
    "cs=0x2b",
    "ring-3 sldt: #GP general protection error=0x0 (external=0 table=GDT index=0) at 0x40000000 "
    "cs=0x2b",
    "ring-3 smsw: #GP general protection error=0x0 (external=0 table=GDT index=0) at 0x40000000 "
    "cs=0x2b",
    "ring-3 str: #GP general protection error=0x0 (external=0 table=GDT index=0) at 0x40000000 "
    "cs=0x2b",
    "cpu_protection: UMIP on: every descriptor-table read from ring 3 faulted"};
constexpr std::string_view kUmipAbsent[] = {
    "ring-3 round trip: #UD invalid opcode",
    "cpu_protection: UMIP OFF (the CPU lacks it): ring-3 sgdt ran and read 0xffff",
    "cpu_protection: UMIP OFF (the CPU lacks it): ring-3 sidt ran and read 0xffff"};

Outcome UmipFaultsOnMax(ScenarioContext& context) {
  return ExpectTestsPass(context, {"max", "ktest=cpu_protection", kMax, "umip on,", kUmipFaults});
}
Outcome UmipAbsentOnQemu64(ScenarioContext& context) {
  return ExpectTestsPass(context,
                         {"qemu64", "ktest=cpu_protection", kQemu64, "umip OFF,", kUmipAbsent});
}

}  // namespace

Outcome CpuSmapScenario::Run(ScenarioContext& context) const {
  return All({SmapPanicsOnMax, CopiesOnMax, CopiesOnQemu64, SmapAbsentOnQemu64}, context);
}

Outcome CpuSmepScenario::Run(ScenarioContext& context) const {
  return All({SmepPanicsOnMax, SmepAbsentOnQemu64}, context);
}

Outcome CpuUmipScenario::Run(ScenarioContext& context) const {
  return All({UmipFaultsOnMax, UmipAbsentOnQemu64}, context);
}

}  // namespace raeen::tools::testrunner
