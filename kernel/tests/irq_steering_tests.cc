// In-kernel tests of device-interrupt steering (irq_steering.h): a real device interrupt (PIT
// channel 0 through the I/O APIC) follows the allowed-CPU mask, and the per-CPU device counts
// (interrupt_dispatch.h) show where it went. Needs 2+ CPUs; the APs idle with interrupts on.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_test_sources.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/irq_steering.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/smp_boot.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kOneSecondNs = 1'000'000'000;
constexpr uint8_t kPitIrq = 0;

// Each CPU counts in its own slot; volatile keeps the waiting reads in the loop.
volatile uint64_t pit_hits_on[arch::kMaxCpus];
void CountPitOnThisCpu(arch::InterruptFrame&) {
  const uint32_t cpu = arch::CurrentCpu()->index;
  pit_hits_on[cpu] = pit_hits_on[cpu] + 1;
}

uint64_t TotalPitHits() {
  uint64_t total = 0;
  for (uint32_t i = 0; i < arch::kMaxCpus; ++i) total += pit_hits_on[i];
  return total;
}

// Runs the PIT at 1 kHz until 20 interrupts arrived (anywhere) or a second passed, then masks
// it and waits 20 ms more for an edge already on its way. True if the 20 arrived.
bool RunPitForTwentyInterrupts() {
  const uint64_t before = TotalPitHits();
  arch::StartPitChannel0(1000);
  KTEST_EXPECT(arch::SetIsaIrqMasked(kPitIrq, false).ok());
  const uint64_t limit = MonotonicNanoseconds() + kOneSecondNs;
  while (TotalPitHits() < before + 20 && MonotonicNanoseconds() < limit) arch::Pause();
  const bool arrived = TotalPitHits() >= before + 20;
  KTEST_EXPECT(arch::SetIsaIrqMasked(kPitIrq, true).ok());
  arch::StopPitChannel0();
  const uint64_t settle = MonotonicNanoseconds() + 20'000'000;
  while (MonotonicNanoseconds() < settle) arch::Pause();
  return arrived;
}

uint8_t PitDestination() {
  Result<uint64_t> entry = arch::ReadIsaIrqEntry(kPitIrq);
  return entry.ok() ? arch::DecodeRedirectionEntry(*entry).destination : 0xff;
}

bool Ready() {
  return arch::LocalApicMode() != arch::ApicMode::kNone && arch::InterruptsEnabled() &&
         arch::IoApicCount() > 0 && arch::OnlineCpuCount() >= 2 && arch::CpuByIndex(1).online != 0;
}

KTEST(irq_steering, device_interrupts_follow_the_mask) {
  if (!Ready()) return;  // one CPU: nowhere to steer to
  const uint8_t vector = arch::vectors::IsaIrq(kPitIrq);
  const uint32_t cpu1_apic = arch::CpuByIndex(1).apic_id;
  KTEST_EXPECT(arch::RouteIsaIrqToVector(kPitIrq, vector, arch::LocalApicId()).ok());
  KTEST_EXPECT(arch::RegisterInterruptHandler(vector, &CountPitOnThisCpu).ok());

  // An existing entry moves to the only allowed CPU, and so does a route made afterwards.
  KTEST_EXPECT(arch::SteerDeviceInterrupts(uint64_t{1} << 1).ok());
  KTEST_EXPECT(arch::DeviceInterruptCpuMask() == uint64_t{1} << 1);
  KTEST_EXPECT(PitDestination() == cpu1_apic);
  KTEST_EXPECT(arch::RouteIsaIrqToVector(kPitIrq, vector, arch::LocalApicId()).ok());
  KTEST_EXPECT(PitDestination() == cpu1_apic);

  const uint64_t cpu0_devices = arch::DeviceInterruptCount(0);
  const uint64_t cpu1_devices = arch::DeviceInterruptCount(1);
  const uint64_t cpu0_hits = pit_hits_on[0];
  const uint64_t cpu1_hits = pit_hits_on[1];
  KTEST_EXPECT(RunPitForTwentyInterrupts());
  KTEST_EXPECT(pit_hits_on[1] >= cpu1_hits + 20);
  KTEST_EXPECT(pit_hits_on[0] == cpu0_hits);
  KTEST_EXPECT(arch::DeviceInterruptCount(1) >= cpu1_devices + 20);
  KTEST_EXPECT(arch::DeviceInterruptCount(0) == cpu0_devices);

  // Every CPU allowed again: the interrupt lands on an online CPU, the one its entry names.
  KTEST_EXPECT(arch::SteerDeviceInterrupts(arch::kAllCpus).ok());
  KTEST_EXPECT(arch::DeviceInterruptCpuMask() == arch::kAllCpus);
  const uint8_t destination = PitDestination();
  uint32_t target = arch::kMaxCpus;
  for (uint32_t i = 0; i < arch::CpuCount(); ++i) {
    if (arch::CpuByIndex(i).online != 0 && arch::CpuByIndex(i).apic_id == destination) target = i;
  }
  KTEST_EXPECT(target < arch::kMaxCpus);
  if (target < arch::kMaxCpus) {
    const uint64_t target_hits = pit_hits_on[target];
    KTEST_EXPECT(RunPitForTwentyInterrupts());
    KTEST_EXPECT(pit_hits_on[target] >= target_hits + 20);
  }

  // Back to the boot CPU, as the other interrupt tests expect.
  KTEST_EXPECT(arch::RouteIsaIrqToVector(kPitIrq, vector, arch::LocalApicId()).ok());
  KTEST_EXPECT(PitDestination() == arch::LocalApicId());
  arch::UnregisterInterruptHandler(vector);
}

KTEST(irq_steering, a_mask_without_online_cpus_is_refused) {
  if (arch::IoApicCount() == 0) return;
  const uint64_t before = arch::DeviceInterruptCpuMask();
  KTEST_EXPECT(arch::SteerDeviceInterrupts(0).status() == Status::kInvalidArgument);
  // CPU 63 does not exist on the test machines (at most a handful of CPUs).
  if (arch::CpuCount() < arch::kMaxCpus) {
    KTEST_EXPECT(arch::SteerDeviceInterrupts(uint64_t{1} << 63).status() ==
                 Status::kInvalidArgument);
  }
  KTEST_EXPECT(arch::DeviceInterruptCpuMask() == before);
}

KTEST(irq_steering, device_counts_are_per_cpu) {
  KTEST_EXPECT(arch::DeviceInterruptCount(arch::kMaxCpus) == 0);
  if (!Ready()) return;
  // A device-range vector sent to CPU 1 is counted there, not here.
  constexpr uint8_t kUnused = arch::vectors::kFirstDevice + 0x11;
  // A handler that does nothing: without one the dispatcher would log a warning on CPU 1
  // while this CPU prints the test's result.
  KTEST_EXPECT(arch::RegisterInterruptHandler(kUnused, [](arch::InterruptFrame&) {}).ok());
  const uint64_t here = arch::DeviceInterruptCount(0);
  const uint64_t there = arch::DeviceInterruptCount(1);
  arch::SendFixedIpi(arch::CpuByIndex(1).apic_id, kUnused);
  const uint64_t limit = MonotonicNanoseconds() + kOneSecondNs;
  while (arch::DeviceInterruptCount(1) == there && MonotonicNanoseconds() < limit) arch::Pause();
  arch::UnregisterInterruptHandler(kUnused);  // waits for the handler to finish
  KTEST_EXPECT(arch::DeviceInterruptCount(1) == there + 1);
  KTEST_EXPECT(arch::DeviceInterruptCount(0) == here);
}

}  // namespace
}  // namespace raeen::kernel
