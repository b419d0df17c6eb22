#pragma once
// Puts a terminal into raw input mode for an interactive run and restores it afterwards, so
// every key (Ctrl-C included) reaches the guest's serial console and QEMU's Ctrl-A escapes
// work. Output processing is left on, so the runner's own "\n" still starts a new line.

#include <termios.h>

namespace raeen::tools::testrunner {

class TerminalRawMode {
 public:
  // Does nothing when `fd` is not a terminal.
  explicit TerminalRawMode(int fd);
  ~TerminalRawMode();
  TerminalRawMode(const TerminalRawMode&) = delete;
  TerminalRawMode& operator=(const TerminalRawMode&) = delete;

  bool active() const { return active_; }

 private:
  int fd_;
  bool active_ = false;
  termios saved_{};
};

}  // namespace raeen::tools::testrunner
