#pragma once
// The shell's commands. Each one reads its arguments, the previous pipeline stage's output
// (`input`) where it takes input, and the system through System; it writes its output to
// `out` and its complaints to `err` (always the console, even inside a pipeline). Pure logic
// over System, tested on the host with a fake.

#include <stddef.h>
#include <stdint.h>

#include "apps/shell/shell_path.h"
#include "apps/shell/system.h"
#include "libs/rstd/format.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

// What outlives one command: the working directory.
class ShellState {
 public:
  ShellState() { cwd_[0] = '/'; }
  rstd::StringView cwd() const { return rstd::StringView(cwd_, cwd_size_); }
  void SetCwd(rstd::StringView path);

 private:
  char cwd_[kMaxPath];
  size_t cwd_size_ = 1;
};

struct CommandContext {
  System& system;
  ShellState& state;
  rstd::Writer& out;
  rstd::Writer& err;
  rstd::StringView input;  // the previous stage's output
  bool has_input = false;  // false for a pipeline's first stage
};

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnknownCommand = 127;

// Runs the command `words[0]` with its arguments. An unknown command prints
// "shell: unknown command 'NAME' (try help)" to err.
int RunCommand(CommandContext& context, rstd::Span<const rstd::StringView> words);

struct BuiltinInfo {
  const char* name;
  const char* usage;
  const char* summary;
};

// Every command, in the order help lists them.
rstd::Span<const BuiltinInfo> Builtins();

// A short phrase for a status in a message to the user ("no such file or directory").
const char* Describe(Status status);

}  // namespace raeen::shell
