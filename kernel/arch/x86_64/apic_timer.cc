#include "kernel/arch/x86_64/apic_timer.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::arch {
namespace {

using namespace lapic;

ApicTimerMode mode = ApicTimerMode::kNone;
uint64_t one_shot_hz = 0;

constexpr uint64_t kCalibrationNs = 10'000'000;  // 10 ms per sample
constexpr int kCalibrationSamples = 3;
// Rates OneShotCount handles without overflow; real APIC timers run at 10 MHz..few GHz.
constexpr uint64_t kMinHz = 1'000'000;
constexpr uint64_t kMaxHz = 1ull << 34;

// One sample of the one-shot counter against the TSC, with the counter masked (it counts
// down but never interrupts). Returns counts per second.
uint64_t MeasureOneShotHz() {
  WriteLocalApic(kLvtTimer, kLvtMasked | kLvtTimerOneShot | vectors::kLocalTimer);
  WriteLocalApic(kTimerInitialCount, 0xffff'ffff);
  const uint64_t start_ns = MonotonicNanoseconds();
  const uint32_t start_count = ReadLocalApic(kTimerCurrentCount);
  uint64_t now_ns = start_ns;
  while (now_ns - start_ns < kCalibrationNs) {
    Pause();
    now_ns = MonotonicNanoseconds();
  }
  const uint32_t end_count = ReadLocalApic(kTimerCurrentCount);
  WriteLocalApic(kTimerInitialCount, 0);
  if (end_count >= start_count) return 0;
  // counts * 1e9 / ns without 128-bit division: counts < 2^32 and 1e9 < 2^30 fit 64 bits.
  return uint64_t{start_count - end_count} * 1'000'000'000 / (now_ns - start_ns);
}

}  // namespace

rstd::StringView ApicTimerModeName(ApicTimerMode m) {
  switch (m) {
    case ApicTimerMode::kTscDeadline: return "TSC-deadline";
    case ApicTimerMode::kOneShot: return "local APIC one-shot";
    case ApicTimerMode::kNone: break;
  }
  return "none";
}

Result<ApicTimerMode> InitApicTimer(const CpuFeatures& features, bool force_one_shot) {
  if (LocalApicMode() == ApicMode::kNone) return Error(Status::kBadState);
  if (features.tsc_deadline && !force_one_shot) {
    WriteLocalApic(kLvtTimer, kLvtTimerTscDeadline | vectors::kLocalTimer);
    // An xAPIC LVT write (MMIO) and the following WRMSR to IA32_TSC_DEADLINE are not ordered
    // without a fence [SDM 3A, 11.5.4.1].
    asm volatile("mfence" ::: "memory");
    WriteMsr(kMsrTscDeadline, 0);
    one_shot_hz = 0;
    mode = ApicTimerMode::kTscDeadline;
    return mode;
  }
  WriteLocalApic(kTimerDivide, kTimerDivideBy1);
  uint64_t samples[kCalibrationSamples];
  for (uint64_t& sample : samples) sample = MeasureOneShotHz();
  // The median of three.
  uint64_t a = samples[0], b = samples[1], c = samples[2];
  uint64_t median = a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
  if (median < kMinHz || median > kMaxHz) return Error(Status::kIoError);
  one_shot_hz = median;
  WriteLocalApic(kLvtTimer, kLvtTimerOneShot | vectors::kLocalTimer);
  mode = ApicTimerMode::kOneShot;
  return mode;
}

Result<void> InitApicTimerOnThisCpu() {
  if (mode == ApicTimerMode::kTscDeadline) {
    WriteLocalApic(kLvtTimer, kLvtTimerTscDeadline | vectors::kLocalTimer);
    asm volatile("mfence" ::: "memory");
    WriteMsr(kMsrTscDeadline, 0);
    return {};
  }
  if (mode != ApicTimerMode::kOneShot) return Error(Status::kBadState);
  WriteLocalApic(kTimerDivide, kTimerDivideBy1);
  WriteLocalApic(kTimerInitialCount, 0);
  WriteLocalApic(kLvtTimer, kLvtTimerOneShot | vectors::kLocalTimer);
  return {};
}

ApicTimerMode CurrentApicTimerMode() { return mode; }
uint64_t ApicTimerHz() { return one_shot_hz; }

void ArmApicTimer(uint64_t deadline_ns) {
  if (mode == ApicTimerMode::kTscDeadline) {
    const TscClock& clock = MonotonicClock();
    // One tick late rather than one early: NanosecondsToTicks rounds down. 0 would disarm.
    uint64_t tsc = clock.tsc_at_zero() + clock.NanosecondsToTicks(deadline_ns) + 1;
    WriteMsr(kMsrTscDeadline, tsc);
    return;
  }
  if (mode != ApicTimerMode::kOneShot) return;
  const uint64_t now_ns = MonotonicNanoseconds();
  const uint64_t delay_ns = deadline_ns > now_ns ? deadline_ns - now_ns : 0;
  WriteLocalApic(kTimerInitialCount, OneShotCount(delay_ns, one_shot_hz));
}

void DisarmApicTimer() {
  if (mode == ApicTimerMode::kTscDeadline) {
    WriteMsr(kMsrTscDeadline, 0);
  } else if (mode == ApicTimerMode::kOneShot) {
    WriteLocalApic(kTimerInitialCount, 0);
  }
}

}  // namespace raeen::kernel::arch
