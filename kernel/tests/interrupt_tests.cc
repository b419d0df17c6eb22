// In-kernel tests of interrupt delivery: the IDT's external vectors, the local APIC (self-IPIs,
// NMI, EOI), and the I/O APIC routing an ISA IRQ from a real device (the PIT).

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_nmi.h"
#include "kernel/arch/x86_64/interrupt_test_sources.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kOneSecondNs = 1'000'000'000;

// Waits (halting between interrupts) until `done()` or one second passed; true if done.
template <typename Done>
bool WaitUpToOneSecond(Done done) {
  const uint64_t limit = MonotonicNanoseconds() + kOneSecondNs;
  while (!done()) {
    if (MonotonicNanoseconds() > limit) return false;
    arch::Pause();
  }
  return true;
}

bool InterruptsReady() {
  return arch::LocalApicMode() != arch::ApicMode::kNone && arch::InterruptsEnabled();
}

// Written by the handlers, read by the waiting test: volatile keeps the reads in the loop.
volatile uint64_t self_test_hits = 0;
void CountSelfTest(arch::InterruptFrame& frame) {
  if (frame.vector == arch::vectors::kSelfTest) self_test_hits = self_test_hits + 1;
}

KTEST(interrupt, enabled_after_boot) {
  KTEST_EXPECT(arch::LocalApicMode() != arch::ApicMode::kNone);
  KTEST_EXPECT(arch::InterruptsEnabled());
}

KTEST(interrupt, self_ipi_reaches_its_handler) {
  KTEST_EXPECT(InterruptsReady());
  if (!InterruptsReady()) return;
  KTEST_EXPECT(arch::RegisterInterruptHandler(arch::vectors::kSelfTest, &CountSelfTest).ok());
  KTEST_EXPECT(arch::RegisterInterruptHandler(arch::vectors::kSelfTest, &CountSelfTest).status() ==
               Status::kAlreadyExists);
  const uint64_t before = self_test_hits;
  const uint64_t count_before = arch::InterruptCount(arch::vectors::kSelfTest);
  for (int i = 0; i < 3; ++i) arch::SendSelfIpi(arch::vectors::kSelfTest);
  KTEST_EXPECT(WaitUpToOneSecond([&] { return self_test_hits >= before + 3; }));
  KTEST_EXPECT(arch::InterruptCount(arch::vectors::kSelfTest) >= count_before + 3);
  arch::UnregisterInterruptHandler(arch::vectors::kSelfTest);
}

// An interrupt arriving inside a user copy's stac/clac window must not run its handler with
// SMAP off: the entry code clears RFLAGS.AC, and iretq gives the interrupted code its AC back.
volatile uint64_t handler_rflags = 0;
volatile uint64_t interrupted_rflags = 0;
void RecordFlags(arch::InterruptFrame& frame) {
  uint64_t rflags;
  asm volatile("pushfq; popq %0" : "=r"(rflags));
  handler_rflags = rflags;
  interrupted_rflags = frame.rflags;
  self_test_hits = self_test_hits + 1;
}

KTEST(interrupt, handlers_run_with_the_smap_window_closed) {
  constexpr uint64_t kAc = 1ull << 18;
  if ((arch::ReadCr4() & arch::kCr4Smap) == 0) return;  // nothing to close without SMAP
  KTEST_EXPECT(InterruptsReady());
  if (!InterruptsReady()) return;
  KTEST_EXPECT(arch::RegisterInterruptHandler(arch::vectors::kSelfTest, &RecordFlags).ok());
  const uint64_t before = self_test_hits;
  uint64_t after_iret;
  asm volatile("stac" ::: "memory");
  arch::SendSelfIpi(arch::vectors::kSelfTest);
  bool arrived = WaitUpToOneSecond([&] { return self_test_hits > before; });
  asm volatile("pushfq; popq %0; clac" : "=r"(after_iret)::"memory");
  KTEST_EXPECT(arrived);
  KTEST_EXPECT((handler_rflags & kAc) == 0);
  KTEST_EXPECT((interrupted_rflags & kAc) != 0);
  KTEST_EXPECT((after_iret & kAc) != 0);
  arch::UnregisterInterruptHandler(arch::vectors::kSelfTest);
}

KTEST(interrupt, exception_vectors_cannot_be_registered) {
  KTEST_EXPECT(arch::RegisterInterruptHandler(14, &CountSelfTest).status() ==
               Status::kInvalidArgument);
  KTEST_EXPECT(arch::RegisterInterruptHandler(arch::vectors::kSpurious, &CountSelfTest).status() ==
               Status::kInvalidArgument);
}

// A vector nobody handles is still acknowledged: if the first one stayed in service, the
// second (same priority class) would stay pending forever.
KTEST(interrupt, unhandled_vector_is_acknowledged) {
  KTEST_EXPECT(InterruptsReady());
  if (!InterruptsReady()) return;
  constexpr uint8_t kUnused = arch::vectors::kFirstDevice + 0x10;
  const uint64_t before = arch::InterruptCount(kUnused);
  arch::SendSelfIpi(kUnused);
  KTEST_EXPECT(WaitUpToOneSecond([&] { return arch::InterruptCount(kUnused) >= before + 1; }));
  arch::SendSelfIpi(kUnused);
  KTEST_EXPECT(WaitUpToOneSecond([&] { return arch::InterruptCount(kUnused) >= before + 2; }));
}

// An NMI no longer panics: it is counted and this code carries on after it.
KTEST(interrupt, self_nmi_is_counted_and_the_kernel_continues) {
  KTEST_EXPECT(InterruptsReady());
  if (!InterruptsReady()) return;
  const uint64_t before = arch::NmiCount();
  const uint64_t reports_before = arch::InterruptCount(arch::vectors::kNmiReport);
  arch::SendNmiToSelf();
  KTEST_EXPECT(WaitUpToOneSecond([&] { return arch::NmiCount() >= before + 1; }));
  // The deferred report ran as an ordinary interrupt.
  KTEST_EXPECT(WaitUpToOneSecond(
      [&] { return arch::InterruptCount(arch::vectors::kNmiReport) >= reports_before + 1; }));
}

// The I/O APIC delivers a real ISA device: PIT channel 0 (ISA IRQ 0, which the MADT usually
// overrides to GSI 2) at 1 kHz must interrupt at least 20 times within a second, through the
// vector the plan gives it; after masking, no more arrive.
volatile uint64_t pit_hits = 0;
void CountPit(arch::InterruptFrame&) { pit_hits = pit_hits + 1; }

KTEST(interrupt, ioapic_delivers_the_pit) {
  KTEST_EXPECT(InterruptsReady() && arch::IoApicCount() > 0);
  if (!InterruptsReady() || arch::IoApicCount() == 0) return;
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  KTEST_EXPECT(tables != nullptr);
  if (tables == nullptr) return;
  const uint8_t vector = arch::vectors::IsaIrq(0);
  Result<arch::IsaRoute> route = arch::RouteIsaIrqToVector(0, vector, arch::LocalApicId());
  KTEST_EXPECT(route.ok());
  if (!route.ok()) return;
  KTEST_EXPECT(route->gsi == tables->madt.IsaIrq(0).gsi);
  Result<uint64_t> entry = arch::ReadIsaIrqEntry(0);
  KTEST_EXPECT(entry.ok() && arch::DecodeRedirectionEntry(*entry).vector == vector);
  KTEST_EXPECT(entry.ok() && arch::DecodeRedirectionEntry(*entry).masked);
  KTEST_EXPECT(arch::RegisterInterruptHandler(vector, &CountPit).ok());

  const uint64_t before = pit_hits;
  arch::StartPitChannel0(1000);
  KTEST_EXPECT(arch::SetIsaIrqMasked(0, false).ok());
  KTEST_EXPECT(WaitUpToOneSecond([&] { return pit_hits >= before + 20; }));
  KTEST_EXPECT(arch::SetIsaIrqMasked(0, true).ok());
  arch::StopPitChannel0();

  // Masked: nothing new for 20 ms (20 periods at 1 kHz). One edge may already have been
  // latched in the local APIC when the mask went on; allow that one.
  const uint64_t masked_at = pit_hits;
  const uint64_t quiet_until = MonotonicNanoseconds() + 20'000'000;
  while (MonotonicNanoseconds() < quiet_until) arch::Pause();
  KTEST_EXPECT(pit_hits <= masked_at + 1);
  Result<uint64_t> after = arch::ReadIsaIrqEntry(0);
  KTEST_EXPECT(after.ok() && arch::DecodeRedirectionEntry(*after).masked);
  arch::UnregisterInterruptHandler(vector);
}

}  // namespace
}  // namespace raeen::kernel
