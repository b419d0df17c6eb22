#include "apps/shell/command_line.h"

namespace raeen::shell {

Status CommandLine::Fail(const char* message) {
  error_ = message;
  stage_count_ = 0;
  return Status::kInvalidArgument;
}

Status CommandLine::Parse(rstd::StringView text) {
  stage_count_ = 0;
  error_ = nullptr;
  if (text.size() > kMaxText) return Fail("the line is too long");
  // Unescaped words never grow, so storage_ always has room for them.
  size_t used = 0;
  size_t words = 0;
  bool saw_pipe = false;
  size_t i = 0;
  auto end_stage = [&]() -> bool {
    if (stage_count_ == kMaxStages) return false;
    stages_[stage_count_++].count = words;
    words = 0;
    return true;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '|') {
      if (words == 0) return Fail("a pipe needs a command before the |");
      if (!end_stage()) return Fail("too many pipeline stages");
      saw_pipe = true;
      ++i;
      continue;
    }
    // A word: runs to an unquoted space, tab or |.
    if (words == kMaxWords) return Fail("too many words in one command");
    const size_t start = used;
    while (i < text.size()) {
      const char d = text[i];
      if (d == ' ' || d == '\t' || d == '|') break;
      if (d == '\\') {
        if (i + 1 == text.size()) return Fail("a \\ at the end of the line escapes nothing");
        storage_[used++] = text[i + 1];
        i += 2;
      } else if (d == '\'') {
        const size_t close = text.find('\'', i + 1);
        if (close == rstd::StringView::kNpos) return Fail("unterminated ' quote");
        for (size_t j = i + 1; j < close; ++j) storage_[used++] = text[j];
        i = close + 1;
      } else if (d == '"') {
        ++i;
        for (;;) {
          if (i == text.size()) return Fail("unterminated \" quote");
          if (text[i] == '"') break;
          if (text[i] == '\\' && i + 1 < text.size() &&
              (text[i + 1] == '"' || text[i + 1] == '\\')) {
            ++i;
          }
          storage_[used++] = text[i++];
        }
        ++i;
      } else {
        storage_[used++] = d;
        ++i;
      }
    }
    if (stage_count_ == kMaxStages) return Fail("too many pipeline stages");
    stages_[stage_count_].words[words++] = rstd::StringView(storage_ + start, used - start);
  }
  if (words == 0) {
    if (saw_pipe) return Fail("a pipe needs a command after the |");
    return Status::kOk;
  }
  if (!end_stage()) return Fail("too many pipeline stages");
  return Status::kOk;
}

}  // namespace raeen::shell
