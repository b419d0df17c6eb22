#pragma once
// Every scenario the runner knows. tests/system/CMakeLists.txt registers one ctest test per
// entry; keep the two lists in step.

#include <memory>
#include <string_view>
#include <vector>

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

const std::vector<std::unique_ptr<Scenario>>& AllScenarios();
// nullptr if there is no scenario of that name.
const Scenario* FindScenario(std::string_view name);

}  // namespace raeen::tools::testrunner
