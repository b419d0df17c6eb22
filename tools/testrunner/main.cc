// testrunner: boots RaeenOS images in QEMU and drives them. See `testrunner help`.

#include <cstdio>
#include <string_view>
#include <vector>

#include "tools/testrunner/bench_command.h"
#include "tools/testrunner/cli_options.h"
#include "tools/testrunner/run_command.h"
#include "tools/testrunner/scenario_command.h"
#include "tools/testrunner/stop_signal.h"

namespace raeen::tools::testrunner {
namespace {

// Exit status for a command line that could not be understood (0/1 are pass/fail).
constexpr int kUsageError = 2;

int Main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  auto options = ParseCli(args);
  if (!options) {
    std::fprintf(stderr, "testrunner: %s\n\n%.*s", options.error().c_str(),
                 static_cast<int>(Usage().size()), Usage().data());
    return kUsageError;
  }
  InstallStopSignalHandlers();
  switch (options->command) {
    case Command::kHelp:
      std::printf("%.*s", static_cast<int>(Usage().size()), Usage().data());
      return 0;
    case Command::kList: return RunListCommand();
    case Command::kScenario: return RunScenarioCommand(*options);
    case Command::kRun: return RunRunCommand(*options);
    case Command::kBench: return RunBenchCommand(*options);
  }
  return kUsageError;
}

}  // namespace
}  // namespace raeen::tools::testrunner

int main(int argc, char** argv) {
  return raeen::tools::testrunner::Main(argc, argv);
}
