#pragma once
// COM1, a 16550-compatible UART, driven from user space: the only file of consoled that
// touches the UART's ports. Register layout and bits from the National Semiconductor PC16550D
// datasheet (rev. June 1995), Table II "Summary of Registers". The kernel has already
// programmed the line (115200 8N1) and keeps writing its log to the same port, polled and a
// whole line at a time; this driver leaves the line settings alone.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::consoled {

class Uart {
 public:
  static constexpr uint16_t kCom1 = 0x3f8;
  static constexpr uint16_t kPortCount = 8;
  static constexpr uint32_t kCom1Irq = 4;

  // Enables the eight ports at `base` for this process (ioport_enable on `ports`, an ioport
  // resource covering them) and checks that a UART answers. Errors: ioport_enable's,
  // kNotFound (the scratch register does not hold a value: no UART).
  static Result<Uart> Open(sys::Handle ports, uint16_t base = kCom1);

  // Receive FIFO with a one-byte trigger, the data-ready interrupt on, and OUT2 set so that
  // the UART's interrupt line reaches the interrupt controller [PC16550D, MCR bit 3].
  void EnableReceiveInterrupt();

  // Moves the bytes the receiver holds into `out` (LSR data-ready loop), at most `capacity`.
  // Reading the receiver buffer is also what clears the receive interrupt.
  size_t Receive(uint8_t* out, size_t capacity);

  // Writes `text` polled (each byte once the holding register is empty), "\n" as "\r\n".
  // Gives up on a transmitter that stops draining (see kTransmitSpinLimit), dropping text.
  void Write(rstd::StringView text);

 private:
  // Line Status reads to wait for an empty holding register, ~100 ms on hardware: a stuck
  // port must not hang the console (the kernel's driver uses the same bound).
  static constexpr uint32_t kTransmitSpinLimit = 100'000;

  explicit Uart(uint16_t base) : base_(base) {}
  void PutByte(uint8_t byte);

  uint16_t base_;
  bool stuck_ = false;
};

}  // namespace raeen::consoled
