#pragma once
// raeen.cfg, the optional boot configuration on the ESP (\raeen\raeen.cfg).
//
// Format: UTF-8 (in practice ASCII) lines of `key = value`. Blank lines and lines whose first
// non-blank character is `#` are ignored; there are no trailing comments, so a command line may
// contain `#`. Spaces around keys and values are ignored; CRLF line ends are accepted.
//
//   resolution = 1024x768      # WIDTHxHEIGHT, or `auto` (the default)
//   cmdline = log=debug init=/bin/svcmgr
//
// Keys:
//   resolution  `auto` or WIDTHxHEIGHT (each 1..16384). rae-boot uses that GOP mode if the
//               firmware offers it and otherwise falls back to `auto`.
//   cmdline     the kernel command line: the rest of the line. At most kCommandLineMax - 1
//               bytes (handoff.h), because the hand-off stores it NUL-terminated.
// An unknown key is reported to the WarningSink (with its line number) and skipped; a key that
// appears twice keeps its last value and is reported too. A malformed line (no `=`, an empty or
// invalid key, a bad resolution, a control character) fails with kCorrupt; a command line that
// is too long fails with kOutOfRange. The Diagnostic names the line.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/diagnostic.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::boot {

struct Resolution {
  uint32_t width;
  uint32_t height;
};

class BootConfig {
 public:
  static constexpr uint32_t kMaxDimension = 16384;

  // The defaults: automatic resolution, empty command line.
  BootConfig();

  static Result<BootConfig> Parse(rstd::StringView text, WarningSink& warnings, Diagnostic& diag);

  // True unless raeen.cfg names a resolution.
  bool auto_resolution() const { return auto_resolution_; }
  // Meaningful only when !auto_resolution().
  Resolution resolution() const { return resolution_; }
  // Without the NUL; command_line_data() is NUL-terminated.
  rstd::StringView command_line() const {
    return rstd::StringView(command_line_, command_line_size_);
  }
  const char* command_line_data() const { return command_line_; }

 private:
  Result<void> ParseLine(rstd::StringView line, uint32_t line_number, WarningSink& warnings,
                         Diagnostic& diag);
  Result<void> SetResolution(rstd::StringView value, uint32_t line_number, Diagnostic& diag);
  Result<void> SetCommandLine(rstd::StringView value, uint32_t line_number, Diagnostic& diag);

  bool auto_resolution_ = true;
  Resolution resolution_ = {0, 0};
  bool seen_resolution_ = false;
  bool seen_cmdline_ = false;
  char command_line_[kCommandLineMax];
  size_t command_line_size_ = 0;
};

}  // namespace raeen::boot
