#pragma once
// The shell's command history: the last kCapacity lines, oldest dropped first. A line equal
// to the one before it is kept once; empty lines are not kept. Fixed storage, no heap. Pure
// logic, tested on the host.

#include <stddef.h>

#include "libs/rstd/string_view.h"

namespace raeen::shell {

class History {
 public:
  static constexpr size_t kCapacity = 64;
  static constexpr size_t kMaxLine = 256;

  // Records `line` (cut to kMaxLine bytes).
  void Add(rstd::StringView line);

  size_t size() const { return size_; }
  // Entry `age` counted back from the newest (0 is the newest); empty past the oldest.
  rstd::StringView Recent(size_t age) const;

 private:
  struct Entry {
    char text[kMaxLine];
    size_t size;
  };

  Entry entries_[kCapacity] = {};
  size_t next_ = 0;  // where the next line goes
  size_t size_ = 0;
};

}  // namespace raeen::shell
