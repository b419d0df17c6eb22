#include "tools/testrunner/terminal_raw_mode.h"

#include <unistd.h>

namespace raeen::tools::testrunner {

TerminalRawMode::TerminalRawMode(int fd) : fd_(fd) {
  if (!::isatty(fd_) || ::tcgetattr(fd_, &saved_) != 0) return;
  termios raw = saved_;
  raw.c_iflag &=
      ~static_cast<tcflag_t>(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  raw.c_cflag = (raw.c_cflag & ~static_cast<tcflag_t>(CSIZE | PARENB)) | CS8;
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  active_ = ::tcsetattr(fd_, TCSAFLUSH, &raw) == 0;
}

TerminalRawMode::~TerminalRawMode() {
  if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
}

}  // namespace raeen::tools::testrunner
