#pragma once
// Turns the guest's raw serial bytes into timestamped text lines: escape sequences stripped,
// CRs dropped, split at LF. Pure logic; SerialLog adds files and the clock.

#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/ansi_stripper.h"

namespace raeen::tools::testrunner {

struct SerialLine {
  // Host monotonic time, in seconds since QEMU was started, at which the first byte of the
  // line arrived.
  double seconds = 0;
  std::string text;
};

class SerialDecoder {
 public:
  // Feeds bytes that arrived at `seconds`; appends every line they complete to `lines`.
  void Feed(std::string_view bytes, double seconds, std::vector<SerialLine>& lines);

  // Emits the unterminated last line, if any (at end of stream).
  void Flush(std::vector<SerialLine>& lines);

 private:
  AnsiStripper stripper_;
  std::string scratch_;
  std::string current_;
  double current_start_ = 0;
  bool current_started_ = false;
};

}  // namespace raeen::tools::testrunner
