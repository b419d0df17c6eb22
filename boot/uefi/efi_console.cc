#include "boot/uefi/efi_console.h"

#include "boot/uefi/console_text.h"

namespace raeen::boot {

void EfiConsole::Write(rstd::StringView text) {
  if (console_ == nullptr) return;
  while (!text.empty()) {
    size_t units = 0;
    size_t consumed = EncodeConsoleText(text, buffer_ + pending_, kCapacity - pending_, &units);
    pending_ += units;
    text = text.substr(consumed);
    // Full (EncodeConsoleText leaves room for a NUL and a CR LF), or a line is complete.
    bool line_end = units > 0 && buffer_[pending_ - 1] == u'\n';
    if (line_end || pending_ + 3 > kCapacity) Flush();
  }
}

void EfiConsole::Flush() {
  if (console_ == nullptr || pending_ == 0) return;
  buffer_[pending_] = u'\0';
  // Output problems (an unknown glyph, a detached screen) are not worth failing the boot for.
  (void)console_->OutputString(console_, buffer_);
  pending_ = 0;
}

}  // namespace raeen::boot
