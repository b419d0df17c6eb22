#pragma once
// The common check of scenarios that make the kernel panic on purpose: boot with a command
// line, expect exit status 37 (panic via isa-debug-exit), a `KERNEL PANIC` line, every
// required text somewhere in the report, and a backtrace line naming a function.

#include <span>
#include <string_view>

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

struct ExpectedPanic {
  std::string_view label;    // the boot's sub-directory; empty for a single-boot scenario
  std::string_view cmdline;  // e.g. "ktest=panic.page_fault"
  std::span<const std::string_view> required_texts;
  std::string_view backtrace_function;  // a line of the report must name it
};

Outcome ExpectPanicReport(ScenarioContext& context, const ExpectedPanic& expected);

}  // namespace raeen::tools::testrunner
