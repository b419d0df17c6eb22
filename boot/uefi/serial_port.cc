#include "boot/uefi/serial_port.h"

#include "boot/uefi/cpu.h"

namespace raeen::boot {
namespace {

// 16550 registers [TI PC16550D datasheet, table 2]: line status at base + 5, whose bit 5 (THRE)
// says the transmit holding register can take a byte.
constexpr uint16_t kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 1 << 5;
// Gives up on a byte after this many polls, so a missing UART cannot hang the error path.
constexpr int kMaxPolls = 100000;

}  // namespace

void SerialPort::PutByte(uint8_t byte) {
  for (int i = 0; i < kMaxPolls; ++i) {
    if ((cpu::InByte(kCom1 + kLineStatus) & kTransmitEmpty) != 0) break;
    cpu::Pause();
  }
  cpu::OutByte(kCom1, byte);
}

void SerialPort::Write(rstd::StringView text) {
  for (char c : text) {
    if (c == '\n') PutByte('\r');
    PutByte(static_cast<uint8_t>(c));
  }
}

}  // namespace raeen::boot
