#include "apps/shell/pipeline.h"

#include "apps/shell/text_buffer.h"

namespace raeen::shell {
namespace {

// Two buffers, used alternately: stage n reads one and writes the other.
char stage_storage[2][kMaxStageOutput];

}  // namespace

int RunPipeline(System& system, ShellState& state, const CommandLine& line, rstd::Writer& console,
                rstd::Writer& err) {
  int status = kExitOk;
  TextBuffer buffers[2] = {TextBuffer(stage_storage[0], kMaxStageOutput),
                           TextBuffer(stage_storage[1], kMaxStageOutput)};
  const TextBuffer* input = nullptr;
  for (size_t i = 0; i < line.stage_count(); ++i) {
    const bool last = i + 1 == line.stage_count();
    TextBuffer& output = buffers[i % 2];
    output.Clear();
    CommandContext context{system,
                           state,
                           last ? console : output,
                           err,
                           input != nullptr ? input->view() : rstd::StringView(),
                           input != nullptr};
    status = RunCommand(context, line.Stage(i));
    if (!last && output.truncated()) {
      rstd::Format(err, "shell: {}: output over {} bytes was cut for the next command\n",
                   line.Stage(i)[0], kMaxStageOutput);
    }
    input = &output;
  }
  return status;
}

}  // namespace raeen::shell
