#include "kernel/arch/x86_64/pic.h"

#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/port_io.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint16_t kMasterCommand = 0x20;
constexpr uint16_t kMasterData = 0x21;
constexpr uint16_t kSlaveCommand = 0xa0;
constexpr uint16_t kSlaveData = 0xa1;

// Initialization command words [8259A datasheet, "Initialization command words"].
constexpr uint8_t kIcw1Init = 0x11;       // edge triggered, cascade, ICW4 follows
constexpr uint8_t kIcw3MasterSlaveOnIrq2 = 1 << 2;
constexpr uint8_t kIcw3SlaveId = 2;
constexpr uint8_t kIcw4Mode8086 = 0x01;
constexpr uint8_t kMaskAll = 0xff;

// A write to an unused port gives the old PICs time to settle between ICWs.
void IoDelay() { Out8(0x80, 0); }

}  // namespace

void RemapAndMaskLegacyPics() {
  Out8(kMasterData, kMaskAll);
  Out8(kSlaveData, kMaskAll);
  Out8(kMasterCommand, kIcw1Init);
  IoDelay();
  Out8(kSlaveCommand, kIcw1Init);
  IoDelay();
  Out8(kMasterData, vectors::kLegacyPicBase);
  IoDelay();
  Out8(kSlaveData, vectors::kLegacyPicBase + 8);
  IoDelay();
  Out8(kMasterData, kIcw3MasterSlaveOnIrq2);
  IoDelay();
  Out8(kSlaveData, kIcw3SlaveId);
  IoDelay();
  Out8(kMasterData, kIcw4Mode8086);
  IoDelay();
  Out8(kSlaveData, kIcw4Mode8086);
  IoDelay();
  // Initialization leaves the mask registers cleared: mask everything again.
  Out8(kMasterData, kMaskAll);
  Out8(kSlaveData, kMaskAll);
}

}  // namespace raeen::kernel::arch
