#pragma once
// A polled driver for a 16550-compatible UART, used for the kernel log (COM1 on PCs and in
// QEMU, where `-serial stdio` or a log file shows it). Register layout and bits from the
// National Semiconductor PC16550D datasheet (rev. June 1995), Table II "Summary of Registers".
//
// Not synchronised: the kernel log, its only writer, serialises calls with its own lock.

#include <stdint.h>

#include "libs/rstd/format.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::arch {

class SerialPort final : public rstd::Writer {
 public:
  // The legacy PC I/O base of COM1. [PC16550D; IBM PC/AT Technical Reference, I/O map]
  static constexpr uint16_t kCom1 = 0x3f8;
  static constexpr uint32_t kBaudRate = 115200;
  // How many Line Status reads Write() waits for the transmitter before it declares the port
  // stuck and stops using it. A 16-byte FIFO drains in ~1.4 ms at 115200 baud; one port read
  // costs ~1 us on hardware, so this allows ~100 ms and can never hang the kernel.
  static constexpr uint32_t kTransmitSpinLimit = 100'000;

  constexpr explicit SerialPort(uint16_t base = kCom1) : base_(base) {}

  // Programs 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on, interrupts off.
  // Returns kNotFound if nothing answers at the base port (the scratch register does not hold
  // a value), in which case the port stays unused and Write() drops text. May be called again.
  Result<void> Init();

  // Writes `text`, turning each "\n" into "\r\n" for terminals. Drops the text if Init() did
  // not succeed or the transmitter stopped draining (see kTransmitSpinLimit).
  void Write(rstd::StringView text) override;

  bool present() const { return present_; }
  uint16_t base() const { return base_; }
  // Bytes the transmitter accepts once it reports empty: 16 with a working FIFO, else 1.
  uint32_t fifo_depth() const { return fifo_depth_; }

 private:
  bool WaitTransmitterEmpty();
  void PutByte(uint8_t byte);

  uint16_t base_;
  bool present_ = false;
  uint32_t fifo_depth_ = 1;
  // Bytes that still fit in the transmit FIFO since it was last seen empty.
  uint32_t tx_room_ = 0;
};

}  // namespace raeen::kernel::arch
