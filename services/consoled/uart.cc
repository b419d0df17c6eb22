#include "services/consoled/uart.h"

#include "kernel/arch/x86_64/port_io.h"

namespace raeen::consoled {
namespace {

// Register offsets from the base port [PC16550D, Table II].
constexpr uint16_t kData = 0;             // RBR (read), THR (write)
constexpr uint16_t kInterruptEnable = 1;  // IER
constexpr uint16_t kFifoControl = 2;      // FCR (write)
constexpr uint16_t kModemControl = 4;     // MCR
constexpr uint16_t kLineStatus = 5;       // LSR
constexpr uint16_t kScratch = 7;          // SCR

constexpr uint8_t kIerReceivedData = 0x01;
// FIFO on, receive trigger level 1 byte (bits 7:6 = 00); no FIFO reset, which would drop
// whatever the kernel's log has queued for sending.
constexpr uint8_t kFcrEnableTrigger1 = 0x01;
constexpr uint8_t kMcrDtr = 0x01;
constexpr uint8_t kMcrRts = 0x02;
constexpr uint8_t kMcrOut2 = 0x08;
constexpr uint8_t kLsrDataReady = 0x01;
constexpr uint8_t kLsrTransmitterEmpty = 0x20;  // THRE

// The kernel's port accessors (header-only, with the "memory" clobber that keeps ordinary
// loads and stores on their side of a port access); ioport_enable lets this process run them.
using kernel::arch::In8;
using kernel::arch::Out8;

}  // namespace

Result<Uart> Uart::Open(sys::Handle ports, uint16_t base) {
  if (Status enabled = sys::IoportEnable(ports, base, kPortCount); enabled != Status::kOk) {
    return Error(enabled);
  }
  // The scratch register keeps what is written to it on every 16450/16550; nothing at all
  // answers 0xff.
  const uint8_t saved = In8(base + kScratch);
  Out8(base + kScratch, 0x5a);
  const bool present = In8(base + kScratch) == 0x5a;
  Out8(base + kScratch, saved);
  if (!present) return Error(Status::kNotFound);
  return Uart(base);
}

void Uart::EnableReceiveInterrupt() {
  Out8(base_ + kFifoControl, kFcrEnableTrigger1);
  Out8(base_ + kModemControl, kMcrDtr | kMcrRts | kMcrOut2);
  Out8(base_ + kInterruptEnable, kIerReceivedData);
}

size_t Uart::Receive(uint8_t* out, size_t capacity) {
  size_t count = 0;
  while (count < capacity && (In8(base_ + kLineStatus) & kLsrDataReady) != 0) {
    out[count++] = In8(base_ + kData);
  }
  return count;
}

void Uart::PutByte(uint8_t byte) {
  if (stuck_) return;
  for (uint32_t spins = 0; (In8(base_ + kLineStatus) & kLsrTransmitterEmpty) == 0; ++spins) {
    if (spins == kTransmitSpinLimit) {
      stuck_ = true;
      return;
    }
  }
  Out8(base_ + kData, byte);
}

void Uart::Write(rstd::StringView text) {
  for (char c : text) {
    if (c == '\n') PutByte('\r');
    PutByte(static_cast<uint8_t>(c));
  }
}

}  // namespace raeen::consoled
