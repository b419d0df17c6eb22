#pragma once
// shell.session: the runner types at the shell over the serial console (consoled's COM1) and
// checks what comes back: the prompt, `ls /`, `cat` of a file, `ps` showing svcmgr,
// `services`, a pipe, line editing (backspace, arrows, Home, ctrl-A), tab completion, and the
// error for an unknown command.

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The shell's boot-to-prompt line in the kernel log, `[shell] shell: prompt at N ms`, where
// N is clock_monotonic (from the kernel's start) when the prompt was first shown.
inline constexpr std::string_view kShellPromptMarker = "[shell] shell: prompt at ";

class ShellSessionScenario final : public Scenario {
 public:
  std::string_view name() const override { return "shell.session"; }
  std::string_view summary() const override {
    return "typing at the serial shell: ls, cat, ps, services, a pipe, line editing, errors";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
