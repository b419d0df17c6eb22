#pragma once
// The kernel command line: words separated by spaces, each `key=value` or a bare `flag`.
// Later words win over earlier ones with the same key.

#include "libs/rstd/string_view.h"

namespace raeen::kernel {

class CommandLine {
 public:
  explicit CommandLine(rstd::StringView text) : text_(text) {}

  // The value of the last `key=value` word, or false if there is none.
  bool Get(rstd::StringView key, rstd::StringView* value) const;

  // True if a bare `flag` word (or `flag=...`) is present.
  bool Has(rstd::StringView flag) const;

  rstd::StringView text() const { return text_; }

 private:
  template <typename Visit>
  void ForEachWord(Visit visit) const;

  rstd::StringView text_;
};

}  // namespace raeen::kernel
