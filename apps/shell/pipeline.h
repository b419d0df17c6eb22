#pragma once
// Runs a parsed command line: the stages of a pipeline one after another inside the shell.
// A stage's output is buffered (up to kMaxStageOutput bytes) and is the next stage's input;
// the last stage writes to the console. Pure logic over System, tested on the host.

#include <stddef.h>

#include "apps/shell/builtins.h"
#include "apps/shell/command_line.h"

namespace raeen::shell {

inline constexpr size_t kMaxStageOutput = 64 * 1024;

// Returns the last stage's exit status (kExitOk for an empty line).
int RunPipeline(System& system, ShellState& state, const CommandLine& line, rstd::Writer& console,
                rstd::Writer& err);

}  // namespace raeen::shell
