#include "tools/testrunner/mm_protection_scenarios.h"

#include "tools/testrunner/panic_report.h"

namespace raeen::tools::testrunner {
namespace {

constexpr std::string_view kWriteText[] = {"#PF page fault", "protection-violation write",
                                           "kernel-mode data-access"};
constexpr std::string_view kExecuteHeap[] = {"#PF page fault",
                                             "protection-violation read kernel-mode "
                                             "instruction-fetch"};
constexpr std::string_view kStackOverflow[] = {
    "#DF double fault", "the boot stack overflowed: the fault hit its guard page"};

}  // namespace

Outcome MmWxScenario::Run(ScenarioContext& context) const {
  Outcome text = ExpectPanicReport(
      context, {"write-text", "ktest=mm.write_kernel_text", kWriteText, "WriteToKernelText"});
  if (!text) return text;
  return ExpectPanicReport(
      context, {"execute-heap", "ktest=mm.execute_heap", kExecuteHeap, "ExecuteHeapMemory"});
}

Outcome MmGuardScenario::Run(ScenarioContext& context) const {
  return ExpectPanicReport(
      context, {"", "ktest=mm.stack_overflow", kStackOverflow, "OverflowTheStack"});
}

}  // namespace raeen::tools::testrunner
