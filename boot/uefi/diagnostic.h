#pragma once
// Diagnostic: the human-readable half of an error. Result<T> carries only a Status (what kind of
// failure); code that validates untrusted input (the kernel ELF, raeen.cfg, the memory map) also
// says exactly what was wrong, so that rae-boot can print "segment 2 is writable and executable"
// instead of "corrupt". The text lives in a fixed buffer: no allocation, usable after
// ExitBootServices.
//
//   if (bad) return diag.Fail(Status::kCorrupt, "segment {} ends beyond the file", index);
//
// WarningSink receives non-fatal problems (an unknown raeen.cfg key) as they are found.

#include <stddef.h>

#include "libs/rstd/format.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::boot {

class Diagnostic {
 public:
  static constexpr size_t kCapacity = 192;

  Diagnostic() { text_[0] = '\0'; }

  // Replaces the text and returns Error(status), so callers can `return diag.Fail(...)`.
  template <typename... Args>
  Error Fail(Status status, rstd::StringView format, const Args&... args) {
    size_ = rstd::FormatTo(text_, kCapacity, format, args...).size();
    return Error(status);
  }

  rstd::StringView text() const { return rstd::StringView(text_, size_); }
  bool empty() const { return size_ == 0; }

 private:
  char text_[kCapacity];
  size_t size_ = 0;
};

class WarningSink {
 public:
  // `text` is one line without a trailing newline; it is only valid during the call.
  virtual void Warning(rstd::StringView text) = 0;

 protected:
  ~WarningSink() = default;
};

}  // namespace raeen::boot
