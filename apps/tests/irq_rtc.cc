// irq.user: a user-space driver for the CMOS real-time clock's periodic interrupt (ISA IRQ 8,
// ports 0x70-0x71). It mints its resources from the root resource, asks for the two ports,
// binds the interrupt line, turns on the periodic interrupt (1024 Hz) and services 16
// interrupts: wait, read register C (which re-arms the RTC), ack.
// [Motorola MC146818A data sheet; QEMU's hw/rtc/mc146818rtc.c models it]

#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr uint16_t kIndexPort = 0x70;
constexpr uint16_t kDataPort = 0x71;
constexpr uint8_t kNoNmi = 0x80;  // bit 7 of the index port keeps NMIs masked meanwhile
constexpr uint8_t kRegisterB = 0x0b;
constexpr uint8_t kRegisterC = 0x0c;
constexpr uint8_t kPeriodicInterruptEnable = 0x40;
constexpr uint32_t kRtcIrq = 8;
constexpr int kInterrupts = 16;

void Out(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
uint8_t In(uint16_t port) {
  uint8_t value;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

uint8_t ReadRegister(uint8_t index) {
  Out(kIndexPort, kNoNmi | index);
  return In(kDataPort);
}
void WriteRegister(uint8_t index, uint8_t value) {
  Out(kIndexPort, kNoNmi | index);
  Out(kDataPort, value);
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 10;
  sys::Handle ports = 0;
  sys::Handle line = 0;
  if (sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kIoport, kIndexPort, 2,
                          &ports) != Status::kOk ||
      sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kIrq, kRtcIrq, 1, &line) !=
          Status::kOk) {
    return 11;
  }
  // A minted resource cannot mint again (no manage right), nor reach beyond its range.
  sys::Handle wider = 0;
  Print("irq_rtc: minting from a minted resource: {}",
        StatusName(sys::ResourceCreate(ports, sys::ResourceKind::kIoport, 0x60, 1, &wider)));
  Print("irq_rtc: enabling a port outside the resource: {}",
        StatusName(sys::IoportEnable(ports, 0x60, 1)));
  if (Status enabled = sys::IoportEnable(ports, kIndexPort, 2); enabled != Status::kOk) {
    Print("irq_rtc: ioport_enable: {}", StatusName(enabled));
    return 12;
  }
  sys::Handle interrupt = 0;
  if (Status bound = sys::InterruptCreate(line, kRtcIrq, 0, &interrupt); bound != Status::kOk) {
    Print("irq_rtc: interrupt_create: {}", StatusName(bound));
    return 13;
  }
  (void)ReadRegister(kRegisterC);  // drop anything pending
  const uint8_t b = ReadRegister(kRegisterB);
  WriteRegister(kRegisterB, b | kPeriodicInterruptEnable);

  int64_t first = 0;
  int64_t last = 0;
  for (int i = 0; i < kInterrupts; ++i) {
    int64_t at = 0;
    if (Status waited = sys::InterruptWait(interrupt, &at); waited != Status::kOk) {
      Print("irq_rtc: interrupt_wait: {}", StatusName(waited));
      return 14;
    }
    (void)ReadRegister(kRegisterC);  // the RTC raises the next one only after this read
    if (sys::InterruptAck(interrupt) != Status::kOk) return 15;
    if (i == 0) first = at;
    last = at;
  }
  WriteRegister(kRegisterB, b);
  Print("irq_rtc: {} interrupts from IRQ {}, {} us apart on average", kInterrupts, kRtcIrq,
        (last - first) / (kInterrupts - 1) / 1000);
  Print("irq_rtc: acking with nothing pending: {}", StatusName(sys::InterruptAck(interrupt)));
  return 0;
}
