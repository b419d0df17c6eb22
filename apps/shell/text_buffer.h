#pragma once
// A Writer into caller-provided storage that keeps what fits and remembers that the rest was
// dropped: the output of one pipeline stage, which becomes the next stage's input.

#include <stddef.h>

#include "libs/rstd/format.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

class TextBuffer final : public rstd::Writer {
 public:
  TextBuffer(char* storage, size_t capacity) : storage_(storage), capacity_(capacity) {}

  void Write(rstd::StringView text) override {
    size_t n = text.size();
    if (n > capacity_ - size_) {
      n = capacity_ - size_;
      truncated_ = true;
    }
    for (size_t i = 0; i < n; ++i) storage_[size_ + i] = text[i];
    size_ += n;
  }

  rstd::StringView view() const { return rstd::StringView(storage_, size_); }
  bool truncated() const { return truncated_; }
  void Clear() {
    size_ = 0;
    truncated_ = false;
  }

 private:
  char* storage_;
  size_t capacity_;
  size_t size_ = 0;
  bool truncated_ = false;
};

}  // namespace raeen::shell
