#pragma once
// `testrunner list` and `testrunner scenario <name>`.

#include "tools/testrunner/cli_options.h"

namespace raeen::tools::testrunner {

int RunListCommand();

// 0 if the scenario passed, 1 if it failed or could not run (the reason is printed).
int RunScenarioCommand(const CliOptions& options);

}  // namespace raeen::tools::testrunner
