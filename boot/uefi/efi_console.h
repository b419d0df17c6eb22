#pragma once
// EfiConsole: an rstd::Writer over the firmware console (EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL on
// SystemTable->ConOut [UEFI 2.10, 12.4]), which OVMF mirrors to the serial port. Valid only
// until ExitBootServices().
//
// Text is collected and handed to OutputString() a line at a time: every call draws on the
// graphical console too, which is slow under emulation, and a log line is made of many small
// writes.

#include <stddef.h>

#include "boot/uefi/efi/simple_text_output.h"
#include "libs/rstd/format.h"

namespace raeen::boot {

class EfiConsole final : public rstd::Writer {
 public:
  // `console` may be null (a headless machine without ConOut): output is then dropped.
  explicit EfiConsole(efi::SimpleTextOutputProtocol* console) : console_(console) {}

  // Buffers `text`; writes out what is buffered at each line end and whenever it is full.
  void Write(rstd::StringView text) override;

  // Writes out whatever is buffered.
  void Flush();

  // Called at ExitBootServices(): the protocol must not be used afterwards. Drops buffered text.
  void Detach() {
    console_ = nullptr;
    pending_ = 0;
  }

 private:
  static constexpr size_t kCapacity = 192;  // UCS-2 units including the NUL

  efi::SimpleTextOutputProtocol* console_;
  char16_t buffer_[kCapacity];
  size_t pending_ = 0;
};

}  // namespace raeen::boot
