#pragma once
// The PS/2 keyboard behind the i8042 controller, driven from user space: the only file of
// consoled that touches the controller's ports. Ports and bits from the IBM PS/2 Hardware
// Interface Technical Reference, "Keyboard and Auxiliary Device Controller": data at 0x60,
// status (read) and command (write) at 0x64; status bit 0 output buffer full, bit 1 input
// buffer full, bit 5 the byte is from the auxiliary device (the mouse). The bytes become
// terminal input through ScancodeTranslator (pure logic, host-tested).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "raeen/syscalls.h"
#include "services/consoled/scancode_translator.h"

namespace raeen::consoled {

class Ps2Keyboard {
 public:
  static constexpr uint16_t kDataPort = 0x60;
  static constexpr uint16_t kStatusPort = 0x64;  // the command port when written
  static constexpr uint16_t kPortCount = 5;      // 0x60..0x64, as the ps2-ports grant
  static constexpr uint32_t kIrq = 1;

  // Enables the ports for this process (ioport_enable on `ports`, an ioport resource covering
  // 0x60..0x64), drops whatever the controller holds, and makes sure the keyboard's interrupt
  // and scancode translation (set 1) are on and its clock is enabled. Errors: ioport_enable's,
  // kNotFound (the status port reads 0xff: no controller), kTimedOut (the controller does not
  // take or answer a command).
  static Result<Ps2Keyboard> Open(sys::Handle ports);

  // Moves the keyboard's bytes, translated to terminal bytes, into `out` (at most `capacity`;
  // reading stops while fewer than ScancodeTranslator::kMaxOutput bytes of room are left).
  // Mouse bytes are read and dropped. Reading the data port clears the interrupt condition.
  size_t Receive(uint8_t* out, size_t capacity);

 private:
  // Status reads to wait for the controller, far more than it needs (microseconds).
  static constexpr uint32_t kSpinLimit = 100'000;

  Ps2Keyboard() = default;

  ScancodeTranslator translator_;
};

}  // namespace raeen::consoled
