#include "kernel/arch/x86_64/pit.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/port_io.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint16_t kChannel2Data = 0x42;
constexpr uint16_t kCommand = 0x43;
constexpr uint16_t kSystemControlB = 0x61;
constexpr uint8_t kGate2 = 1 << 0;
constexpr uint8_t kSpeakerData = 1 << 1;
constexpr uint8_t kOut2 = 1 << 5;
// Channel 2, low byte then high byte, mode 0 (interrupt on terminal count), binary.
constexpr uint8_t kChannel2Mode0 = 0b10'11'000'0;

}  // namespace

Result<CalibrationSample> MeasureWithPit(uint32_t milliseconds) {
  if (milliseconds == 0 || milliseconds > 50) return Error(Status::kInvalidArgument);
  uint64_t count = kPitHz * milliseconds / 1000;

  // Gate low (counter held) and speaker off while programming.
  uint8_t control = static_cast<uint8_t>((In8(kSystemControlB) & ~(kGate2 | kSpeakerData)));
  Out8(kSystemControlB, control);
  Out8(kCommand, kChannel2Mode0);
  Out8(kChannel2Data, static_cast<uint8_t>(count));
  Out8(kChannel2Data, static_cast<uint8_t>(count >> 8));

  // Raising the gate starts the count; OUT2 goes high when it reaches zero. The true start
  // lies between the TSC reads around the gate write, the true end between the read before the
  // last OUT2-low poll and the read after the first OUT2-high one.
  uint64_t before_start = ReadTsc();
  Out8(kSystemControlB, control | kGate2);
  uint64_t start = ReadTsc();
  uint64_t limit = start + uint64_t{milliseconds} * 10'000'000 * 4;  // 4x the wait at 10 GHz
  uint64_t before_poll = start;
  uint64_t after_poll = start;
  for (;;) {
    uint64_t poll_start = ReadTsc();
    bool done = (In8(kSystemControlB) & kOut2) != 0;
    after_poll = ReadTsc();
    if (done) break;
    before_poll = poll_start;
    if (after_poll > limit) {
      Out8(kSystemControlB, control);
      return Error(Status::kTimedOut);
    }
  }
  Out8(kSystemControlB, control);
  return CalibrationSample{start, after_poll, 0, count,
                           (start - before_start) + (after_poll - before_poll)};
}

}  // namespace raeen::kernel::arch
