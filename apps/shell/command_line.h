#pragma once
// Splits a command line into the stages of a pipeline and each stage into words:
//   words        separated by spaces or tabs
//   'text'       literal, spaces and | included
//   "text"       literal except \" and \\, which stand for " and \
//   \c           outside quotes: the character c itself (\| \  \' \")
//   a | b | c    a pipeline: each stage's output is the next one's input
// Errors (kInvalidArgument, with a message for the user): an unterminated quote, a \ at the
// end of the line, an empty pipeline stage, too many words or stages, a line that is too
// long. Fixed storage, no heap. Pure logic, tested on the host.

#include <stddef.h>

#include "libs/rstd/span.h"
#include "libs/rstd/status.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

class CommandLine {
 public:
  static constexpr size_t kMaxText = 512;
  static constexpr size_t kMaxWords = 32;  // per stage
  static constexpr size_t kMaxStages = 8;

  // Parses `text`, replacing what an earlier Parse left. An empty or blank line parses to no
  // stages. On an error, error() says what is wrong and no stages are left.
  Status Parse(rstd::StringView text);

  size_t stage_count() const { return stage_count_; }
  // The words of stage `i` (a view into this object; valid until the next Parse).
  rstd::Span<const rstd::StringView> Stage(size_t i) const {
    return rstd::Span<const rstd::StringView>(stages_[i].words, stages_[i].count);
  }
  const char* error() const { return error_; }

 private:
  struct StageWords {
    rstd::StringView words[kMaxWords];
    size_t count;
  };

  Status Fail(const char* message);

  char storage_[kMaxText];
  StageWords stages_[kMaxStages];
  size_t stage_count_ = 0;
  const char* error_ = nullptr;
};

}  // namespace raeen::shell
