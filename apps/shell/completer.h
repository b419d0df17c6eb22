#pragma once
// Tab completion for the shell: the first word from the command names, any other word from
// the file system (relative to the working directory, directories ending in '/'). Pure
// logic over System, tested on the host.

#include "apps/shell/builtins.h"
#include "apps/shell/line_editor.h"

namespace raeen::shell {

class Completer final : public CompletionProvider {
 public:
  Completer(System& system, const ShellState& state) : system_(system), state_(state) {}
  void Complete(rstd::StringView word, bool command, CompletionSink& sink) override;

 private:
  System& system_;
  const ShellState& state_;
};

}  // namespace raeen::shell
