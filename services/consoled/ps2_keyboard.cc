#include "services/consoled/ps2_keyboard.h"

#include "kernel/arch/x86_64/port_io.h"

namespace raeen::consoled {
namespace {

constexpr uint8_t kStatusOutputFull = 0x01;
constexpr uint8_t kStatusInputFull = 0x02;
constexpr uint8_t kStatusAuxData = 0x20;

constexpr uint8_t kReadCommandByte = 0x20;
constexpr uint8_t kWriteCommandByte = 0x60;
// The command byte: bit 0 keyboard interrupt, bit 4 keyboard clock disabled, bit 6 translate
// to scan code set 1.
constexpr uint8_t kCommandKeyboardInterrupt = 0x01;
constexpr uint8_t kCommandKeyboardDisabled = 0x10;
constexpr uint8_t kCommandTranslate = 0x40;

// Bytes a controller may hold at start (typed before consoled ran) that are thrown away.
constexpr uint32_t kFlushLimit = 64;

// The kernel's port accessors (header-only, with the "memory" clobber that keeps ordinary
// loads and stores on their side of a port access); ioport_enable lets this process run them.
using kernel::arch::In8;
using kernel::arch::Out8;

// Waits until the controller can take a byte. False after `limit` status reads.
bool WaitWritable(uint32_t limit) {
  for (uint32_t spins = 0; spins < limit; ++spins) {
    if ((In8(Ps2Keyboard::kStatusPort) & kStatusInputFull) == 0) return true;
  }
  return false;
}

// Waits until the controller holds a byte. False after `limit` status reads.
bool WaitReadable(uint32_t limit) {
  for (uint32_t spins = 0; spins < limit; ++spins) {
    if ((In8(Ps2Keyboard::kStatusPort) & kStatusOutputFull) != 0) return true;
  }
  return false;
}

void Flush() {
  for (uint32_t i = 0; i < kFlushLimit && (In8(Ps2Keyboard::kStatusPort) & kStatusOutputFull) != 0;
       ++i) {
    (void)In8(Ps2Keyboard::kDataPort);
  }
}

}  // namespace

Result<Ps2Keyboard> Ps2Keyboard::Open(sys::Handle ports) {
  if (Status enabled = sys::IoportEnable(ports, kDataPort, kPortCount); enabled != Status::kOk) {
    return Error(enabled);
  }
  // No controller: the bus floats and every read gives 0xff.
  if (In8(kStatusPort) == 0xff) return Error(Status::kNotFound);
  Flush();
  if (!WaitWritable(kSpinLimit)) return Error(Status::kTimedOut);
  Out8(kStatusPort, kReadCommandByte);
  if (!WaitReadable(kSpinLimit)) return Error(Status::kTimedOut);
  uint8_t command = In8(kDataPort);
  command = static_cast<uint8_t>((command | kCommandKeyboardInterrupt | kCommandTranslate) &
                                 ~kCommandKeyboardDisabled);
  if (!WaitWritable(kSpinLimit)) return Error(Status::kTimedOut);
  Out8(kStatusPort, kWriteCommandByte);
  if (!WaitWritable(kSpinLimit)) return Error(Status::kTimedOut);
  Out8(kDataPort, command);
  Flush();
  return Ps2Keyboard();
}

size_t Ps2Keyboard::Receive(uint8_t* out, size_t capacity) {
  size_t count = 0;
  while (capacity - count >= ScancodeTranslator::kMaxOutput) {
    const uint8_t status = In8(kStatusPort);
    if ((status & kStatusOutputFull) == 0) break;
    const uint8_t byte = In8(kDataPort);
    if ((status & kStatusAuxData) != 0) continue;  // the mouse's, not ours
    count += translator_.Feed(byte, out + count);
  }
  return count;
}

}  // namespace raeen::consoled
