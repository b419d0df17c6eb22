#include "kernel/arch/x86_64/cpu_stop.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint32_t kNobody = ~0u;
// A CPU whose GS base is not set yet (an AP early in its start-up) has no index; it is
// nobody's peer, so it never matches another CPU's claim.
constexpr uint32_t kUnknownCpu = kMaxCpus;

uint32_t panic_cpu = kNobody;
bool stop_requested = false;
uint64_t stopped_mask = 0;  // bit i: CPU index i has stopped

uint32_t ThisCpuIndex() {
  if (!PerCpuReady()) return 0;  // only the boot CPU runs before per-CPU data exists
  return HasCurrentCpu() ? CurrentCpu()->index : kUnknownCpu;
}

// The TSC ticks in `ms` milliseconds; before calibration, at the fastest rate a TSC may have,
// so the wait is never shorter than asked.
uint64_t TicksFor(uint32_t ms) {
  uint64_t hz = MonotonicClock().tsc_hz();
  if (hz == 0) hz = TscClock::kMaxHz;
  return hz / 1000 * ms;
}

}  // namespace

PanicClaim ClaimPanic() {
  const uint32_t me = ThisCpuIndex();
  uint32_t holder = kNobody;
  if (__atomic_compare_exchange_n(&panic_cpu, &holder, me, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    return PanicClaim::kFirst;
  }
  return holder == me ? PanicClaim::kAgain : PanicClaim::kOther;
}

bool StopRequested() {
  return __atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE) &&
         __atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE) != ThisCpuIndex();
}

void StopThisCpu() {
  DisableInterrupts();
  const uint32_t me = ThisCpuIndex();
  if (me < kMaxCpus) __atomic_fetch_or(&stopped_mask, uint64_t{1} << me, __ATOMIC_RELEASE);
  HaltForever();
}

StopOutcome StopOtherCpus(uint32_t timeout_ms) {
  StopOutcome outcome{0, 0, 0};
  if (LocalApicMode() == ApicMode::kNone || !PerCpuReady() || !HasCurrentCpu()) return outcome;
  const uint32_t me = CurrentCpu()->index;
  // A locked instruction drains the store buffer, and lfence keeps the ICR write (in x2APIC
  // mode a WRMSR, which is not serializing) from going out before it: the target's handler
  // must see the request [SDM 3A, 11.12.3].
  __atomic_store_n(&stop_requested, true, __ATOMIC_SEQ_CST);
  asm volatile("mfence; lfence" ::: "memory");

  uint64_t asked = 0;
  const uint32_t count = CpuCount();
  for (uint32_t i = 0; i < count; ++i) {
    const PerCpu& cpu = CpuByIndex(i);
    if (i == me || __atomic_load_n(&cpu.online, __ATOMIC_ACQUIRE) == 0) continue;
    ++outcome.others;
    asked |= uint64_t{1} << i;
    SendNmi(cpu.apic_id);
  }

  const uint64_t start = ReadTsc();
  const uint64_t limit = TicksFor(timeout_ms);
  while ((__atomic_load_n(&stopped_mask, __ATOMIC_ACQUIRE) & asked) != asked &&
         ReadTsc() - start < limit) {
    Pause();
  }
  const uint64_t stopped = __atomic_load_n(&stopped_mask, __ATOMIC_ACQUIRE) & asked;
  outcome.stopped = static_cast<uint32_t>(__builtin_popcountll(stopped));
  outcome.silent_mask = asked & ~stopped;
  return outcome;
}

}  // namespace raeen::kernel::arch
