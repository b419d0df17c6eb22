#pragma once
// Console output for the test programs, until libs/c's stdio exists in user space.

#include "libs/rae/main.h"
#include "libs/rae/syscall.h"
#include "libs/rstd/format.h"

namespace raeen::apps {

template <typename... Args>
void Print(rstd::StringView format, const Args&... args) {
  char line[256];
  rstd::StringView text = rstd::FormatTo(line, sizeof(line), format, args...);
  (void)sys::DebugWrite(text.data(), text.size());
}

}  // namespace raeen::apps
