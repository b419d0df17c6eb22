#pragma once
// BootLog: rae-boot's progress and error lines. Every line starts with "rae-boot: " so the test
// runner and a person reading a serial log can tell the loader's lines from the firmware's and
// the kernel's. The same class writes to the UEFI console before ExitBootServices and to COM1
// after it.

#include "boot/uefi/diagnostic.h"
#include "libs/rstd/format.h"
#include "libs/rstd/string_view.h"

namespace raeen::boot {

class BootLog final : public WarningSink {
 public:
  static constexpr rstd::StringView kPrefix = "rae-boot: ";

  explicit BootLog(rstd::Writer& out) : out_(&out) {}

  // "rae-boot: <text>\n"
  template <typename... Args>
  void Info(rstd::StringView format, const Args&... args) {
    Line("", format, args...);
  }
  // "rae-boot: warning: <text>\n"
  template <typename... Args>
  void Warn(rstd::StringView format, const Args&... args) {
    Line("warning: ", format, args...);
  }
  // "rae-boot: error: <text>\n"
  template <typename... Args>
  void Error(rstd::StringView format, const Args&... args) {
    Line("error: ", format, args...);
  }

  void Warning(rstd::StringView text) override { Warn("{}", text); }

  rstd::Writer& writer() { return *out_; }

 private:
  template <typename... Args>
  void Line(rstd::StringView level, rstd::StringView format, const Args&... args) {
    out_->Write(kPrefix);
    out_->Write(level);
    rstd::Format(*out_, format, args...);
    out_->Write("\n");
  }

  rstd::Writer* out_;
};

}  // namespace raeen::boot
