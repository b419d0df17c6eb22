#pragma once
// SerialPort: polled output on COM1 for the one moment rae-boot has no console, between
// ExitBootServices() and the jump to the kernel. The firmware has already programmed the UART
// (OVMF uses it for its own console at 115200 8N1), so rae-boot only writes bytes.

#include "libs/rstd/format.h"

namespace raeen::boot {

class SerialPort final : public rstd::Writer {
 public:
  static constexpr uint16_t kCom1 = 0x3f8;

  void Write(rstd::StringView text) override;

 private:
  void PutByte(uint8_t byte);
};

}  // namespace raeen::boot
