#include "tools/testrunner/cpu_panic_scenario.h"

#include <string>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/panic_report.h"
#include "tools/testrunner/qemu_command.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// What the report must say about the fault: a write to a not-present page, and where.
constexpr std::string_view kRequiredText[] = {"page fault", "cr2=0x", "not-present", "write"};

// The function of panic_tests.cc that panics while CPU 1 spins with interrupts off.
constexpr std::string_view kBusyCpuFunction = "PanicWhileAnotherCpuSpins";

}  // namespace

Outcome CpuPanicScenario::Run(ScenarioContext& context) const {
  // Every other CPU of the test machine is stopped before the report: on a 2-CPU guest,
  // `panic: stopped 1 other cpu`, whether it idles (page fault) or spins with interrupts off.
  const int others = kGuestCpus - 1;
  const std::string stopped =
      Printf("panic: stopped %d other cpu%s", others, others == 1 ? "" : "s");
  const std::string_view stopped_line = stopped;
  const std::string_view page_fault_texts[] = {kRequiredText[0], kRequiredText[1], kRequiredText[2],
                                               kRequiredText[3], stopped_line};
  if (Outcome outcome = ExpectPanicReport(
          context, {"page_fault", "ktest=panic.page_fault", page_fault_texts, kPageFaultFunction});
      !outcome) {
    return outcome;
  }
  const std::string_view busy_texts[] = {"spins with interrupts off", stopped_line};
  if (Outcome outcome = ExpectPanicReport(context, {"other_cpu_busy", "ktest=panic.other_cpu_busy",
                                                    busy_texts, kBusyCpuFunction});
      !outcome) {
    return outcome;
  }

  // Both CPUs panic at once: one report (from whichever CPU won), the other CPU stopped. An
  // AP's backtrace may be empty (its stack is not one the report knows), so the line to find
  // is the message itself.
  const std::string_view together_texts[] = {stopped_line};
  if (Outcome outcome = ExpectPanicReport(context, {"two_cpus_at_once",
                                                    "ktest=panic.two_cpus_at_once", together_texts,
                                                    "two cpus at once: cpu "});
      !outcome) {
    return outcome;
  }
  int reports = 0;
  for (const SerialLine& line : context.sessions().back()->lines()) {
    if (line.text.find(kKernelPanic) != std::string::npos) ++reports;
  }
  if (reports != 1) {
    return std::unexpected(
        Printf("two_cpus_at_once: %d lines contain `KERNEL PANIC`, expected exactly 1", reports));
  }
  return {};
}

}  // namespace raeen::tools::testrunner
