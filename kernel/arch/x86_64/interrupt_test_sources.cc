#include "kernel/arch/x86_64/interrupt_test_sources.h"

#include "kernel/arch/x86_64/pit.h"
#include "kernel/arch/x86_64/port_io.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint16_t kChannel0Data = 0x40;
constexpr uint16_t kCommand = 0x43;
// Channel 0, low byte then high byte, binary; mode 2 (rate generator) or mode 0 (one-shot).
constexpr uint8_t kChannel0Mode2 = 0b00'11'010'0;
constexpr uint8_t kChannel0Mode0 = 0b00'11'000'0;

void WriteChannel0(uint8_t command, uint16_t count) {
  Out8(kCommand, command);
  Out8(kChannel0Data, static_cast<uint8_t>(count));
  Out8(kChannel0Data, static_cast<uint8_t>(count >> 8));
}

}  // namespace

void StartPitChannel0(uint32_t hz) {
  uint64_t divisor = hz == 0 ? 0xffff : kPitHz / hz;
  if (divisor < 2) divisor = 2;  // mode 2 needs a count of at least 2
  if (divisor > 0xffff) divisor = 0xffff;
  WriteChannel0(kChannel0Mode2, static_cast<uint16_t>(divisor));
}

void StopPitChannel0() { WriteChannel0(kChannel0Mode0, 0xffff); }

}  // namespace raeen::kernel::arch
