// Tests that end the boot on purpose. KTEST_MANUAL: they run only when named exactly on the
// command line (the cpu.panic system scenario checks the report from outside).

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/debug/panic.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {

// Not static and not inlined, so the backtrace shows it by name.
[[gnu::noinline]] void PageFaultOnPurpose() {
  // 16 TiB is in the lower half, where the loader maps nothing but its one trampoline page
  // (in RAM, far below): the write must fault as not-present.
  auto* unmapped = reinterpret_cast<volatile uint64_t*>(0x0000100000000000);
  *unmapped = 0xdead;
}

namespace {

volatile uint32_t spinning_cpu = ~0u;

// Keeps the CPU that takes it busy with interrupts disabled for good: only an NMI gets
// through, which is what the panic's stop request must rely on.
void SpinWithInterruptsOff(arch::InterruptFrame&) {
  spinning_cpu = arch::CurrentCpu()->index;
  for (;;) arch::Pause();
}

}  // namespace

// Panics while CPU 1 spins with interrupts off; the report must say it stopped that CPU.
[[gnu::noinline]] void PanicWhileAnotherCpuSpins() {
  if (arch::CpuCount() < 2 || arch::CpuByIndex(1).online == 0) {
    Panic("panic.other_cpu_busy needs a second cpu");
  }
  (void)arch::RegisterInterruptHandler(arch::vectors::kSelfTest, &SpinWithInterruptsOff);
  arch::SendFixedIpi(arch::CpuByIndex(1).apic_id, arch::vectors::kSelfTest);
  const uint64_t limit = MonotonicNanoseconds() + 1'000'000'000;
  while (spinning_cpu == ~0u && MonotonicNanoseconds() < limit) arch::Pause();
  Panic("on purpose while cpu {} spins with interrupts off", spinning_cpu);
}

namespace {

volatile uint32_t second_cpu_ready = 0;
volatile uint32_t both_go = 0;

void PanicTogetherWithCpu0(arch::InterruptFrame&) {
  second_cpu_ready = 1;
  while (both_go == 0) arch::Pause();
  Panic("two cpus at once: cpu {} panics", arch::CurrentCpu()->index);
}

}  // namespace

// CPU 0 and CPU 1 panic at the same moment: exactly one of them reports (either may win), and
// it reports the other stopped.
[[gnu::noinline]] void PanicOnTwoCpusAtOnce() {
  if (arch::CpuCount() < 2 || arch::CpuByIndex(1).online == 0) {
    Panic("panic.two_cpus_at_once needs a second cpu");
  }
  (void)arch::RegisterInterruptHandler(arch::vectors::kSelfTest, &PanicTogetherWithCpu0);
  arch::SendFixedIpi(arch::CpuByIndex(1).apic_id, arch::vectors::kSelfTest);
  const uint64_t limit = MonotonicNanoseconds() + 1'000'000'000;
  while (second_cpu_ready == 0 && MonotonicNanoseconds() < limit) arch::Pause();
  both_go = 1;
  Panic("two cpus at once: cpu {} panics", arch::CurrentCpu()->index);
}

namespace {

KTEST_MANUAL(panic, page_fault) { PageFaultOnPurpose(); }

KTEST_MANUAL(panic, other_cpu_busy) { PanicWhileAnotherCpuSpins(); }

KTEST_MANUAL(panic, two_cpus_at_once) { PanicOnTwoCpusAtOnce(); }

}  // namespace
}  // namespace raeen::kernel
