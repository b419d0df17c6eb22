#include "tools/testrunner/cpu_panic_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/panic_report.h"

namespace raeen::tools::testrunner {
namespace {

// What the report must say about the fault: a write to a not-present page, and where.
constexpr std::string_view kRequiredText[] = {"page fault", "cr2=0x", "not-present", "write"};

}  // namespace

Outcome CpuPanicScenario::Run(ScenarioContext& context) const {
  return ExpectPanicReport(context,
                           {"", "ktest=panic.page_fault", kRequiredText, kPageFaultFunction});
}

}  // namespace raeen::tools::testrunner
