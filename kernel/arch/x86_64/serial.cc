#include "kernel/arch/x86_64/serial.h"

#include "kernel/arch/x86_64/port_io.h"

namespace raeen::kernel::arch {
namespace {

// Register offsets from the base port. [PC16550D, Table II]
constexpr uint16_t kData = 0;             // RBR (read) / THR (write); DLL when LCR.DLAB = 1
constexpr uint16_t kInterruptEnable = 1;  // IER; DLM when LCR.DLAB = 1
constexpr uint16_t kFifoControl = 2;      // FCR (write) / IIR (read)
constexpr uint16_t kLineControl = 3;      // LCR
constexpr uint16_t kModemControl = 4;     // MCR
constexpr uint16_t kLineStatus = 5;       // LSR
constexpr uint16_t kScratch = 7;          // SCR: holds any value, controls nothing
constexpr uint16_t kDivisorLow = 0;
constexpr uint16_t kDivisorHigh = 1;

// Two complementary values for the scratch-register presence test.
constexpr uint8_t kScratchPatterns[] = {0x5a, 0xa5};

// LCR: bits 1:0 = 11 select 8 data bits, bit 2 = 0 one stop bit, bit 3 = 0 no parity,
// bit 7 (DLAB) exposes the divisor latch at offsets 0 and 1.
// [PC16550D, "Line Control Register"]
constexpr uint8_t kLcr8N1 = 0x03;
constexpr uint8_t kLcrDivisorLatch = 0x80;

// FCR: bit 0 enables both FIFOs, bits 1 and 2 clear them, bits 7:6 = 11 raise the receive
// interrupt at 14 bytes (unused while IER = 0, but a defined value).
// [PC16550D, "FIFO Control Register"]
constexpr uint8_t kFcrEnableAndClear = 0xc7;
// IIR bits 7:6 read 11 once FCR bit 0 took effect; a 16450 without FIFOs reads 00 and the
// original 16550 with its broken FIFO reads 10.
// [PC16550D, "Interrupt Identification Register", Table IV]
constexpr uint8_t kIirFifoMask = 0xc0;
constexpr uint8_t kIirFifoEnabled = 0xc0;
constexpr uint32_t kFifoBytes = 16;

// MCR: DTR (bit 0) and RTS (bit 1) tell the other end we are ready; OUT2 (bit 3) gates the
// UART's interrupt line on PC boards, set now so enabling IER later is all that is needed.
constexpr uint8_t kMcrDtrRtsOut2 = 0x0b;

// LSR bit 5, THRE: the transmit holding register (in FIFO mode: the whole transmit FIFO) is
// empty. [PC16550D, "Line Status Register"]
constexpr uint8_t kLsrTransmitEmpty = 0x20;

// The divisor for the baud rate from the standard 1.8432 MHz crystal:
// baud = 1843200 / (16 * divisor). [PC16550D, Table III]
constexpr uint32_t kUartClockHz = 1'843'200;
constexpr uint16_t kDivisor = kUartClockHz / (16 * SerialPort::kBaudRate);
static_assert(kDivisor == 1);

}  // namespace

Result<void> SerialPort::Init() {
  present_ = false;
  // An empty I/O address reads back 0xff (the ISA bus floats high), so a register that keeps
  // two complementary patterns proves that some UART decodes this port range.
  for (uint8_t pattern : kScratchPatterns) {
    Out8(base_ + kScratch, pattern);
    if (In8(base_ + kScratch) != pattern) return Error(Status::kNotFound);
  }

  Out8(base_ + kInterruptEnable, 0x00);  // polled: no UART interrupts
  Out8(base_ + kLineControl, kLcrDivisorLatch);
  Out8(base_ + kDivisorLow, static_cast<uint8_t>(kDivisor & 0xff));
  Out8(base_ + kDivisorHigh, static_cast<uint8_t>(kDivisor >> 8));
  Out8(base_ + kLineControl, kLcr8N1);
  Out8(base_ + kFifoControl, kFcrEnableAndClear);
  Out8(base_ + kModemControl, kMcrDtrRtsOut2);

  bool fifo = (In8(base_ + kFifoControl) & kIirFifoMask) == kIirFifoEnabled;
  fifo_depth_ = fifo ? kFifoBytes : 1;
  tx_room_ = 0;
  present_ = true;
  return {};
}

bool SerialPort::WaitTransmitterEmpty() {
  for (uint32_t i = 0; i < kTransmitSpinLimit; ++i) {
    if (In8(base_ + kLineStatus) & kLsrTransmitEmpty) {
      tx_room_ = fifo_depth_;
      return true;
    }
    __builtin_ia32_pause();
  }
  // Nothing drains what we write (a disconnected virtual UART, a wedged chip): stop using the
  // port rather than spin on every later byte.
  present_ = false;
  return false;
}

void SerialPort::PutByte(uint8_t byte) {
  if (tx_room_ == 0 && !WaitTransmitterEmpty()) return;
  Out8(base_ + kData, byte);
  --tx_room_;
}

void SerialPort::Write(rstd::StringView text) {
  for (char c : text) {
    if (!present_) return;
    if (c == '\n') PutByte('\r');
    PutByte(static_cast<uint8_t>(c));
  }
}

}  // namespace raeen::kernel::arch
