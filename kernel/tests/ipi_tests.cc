// In-kernel tests of cross-CPU calls (ipi.h) and TLB shootdowns (tlb.h): calls reach exactly
// their targets (the caller included), CPUs calling each other at the same time all finish,
// and a shootdown really drops a stale translation on another CPU.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/tlb.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_layout.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/sync/spinlock.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kTimeoutNs = 5'000'000'000;

void MarkThisCpu(void* arg) {
  __atomic_fetch_or(static_cast<uint64_t*>(arg), arch::CpuBit(arch::CurrentCpu()->index),
                    __ATOMIC_RELAXED);
}

void Increment(void* arg) { __atomic_fetch_add(static_cast<uint64_t*>(arg), 1, __ATOMIC_RELAXED); }

// Waits (interrupts enabled, so this CPU keeps answering) until *counter reaches `value`.
bool WaitFor(const uint64_t* counter, uint64_t value) {
  const uint64_t limit = MonotonicNanoseconds() + kTimeoutNs;
  while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < value) {
    if (MonotonicNanoseconds() > limit) return false;
    arch::Pause();
  }
  return true;
}

KTEST(ipi, runs_on_every_target_and_on_self) {
  const arch::CpuMask online = arch::OnlineCpus();
  KTEST_EXPECT(online & arch::CpuBit(arch::CurrentCpu()->index));
  uint64_t seen = 0;
  KTEST_EXPECT(arch::RunOnCpus(online, &MarkThisCpu, &seen, /*wait=*/true).ok());
  KTEST_EXPECT(seen == online);
  // One target at a time, each alone.
  for (uint32_t i = 0; i < arch::CpuCount(); ++i) {
    if (!(online & arch::CpuBit(i))) continue;
    seen = 0;
    KTEST_EXPECT(arch::RunOnCpus(arch::CpuBit(i), &MarkThisCpu, &seen, true).ok());
    KTEST_EXPECT(seen == arch::CpuBit(i));
  }
}

KTEST(ipi, works_with_interrupts_disabled) {
  uint64_t seen = 0;
  const uint64_t flags = arch::SaveFlagsAndDisableInterrupts();
  Result<void> ran = arch::RunOnCpus(arch::OnlineCpus(), &MarkThisCpu, &seen, true);
  arch::RestoreFlags(flags);
  KTEST_EXPECT(ran.ok());
  KTEST_EXPECT(seen == arch::OnlineCpus());
}

KTEST(ipi, offline_target_is_refused) {
  if (arch::CpuCount() == arch::kMaxCpus) return;
  uint64_t seen = 0;
  KTEST_EXPECT(
      arch::RunOnCpus(arch::CpuBit(arch::CpuCount()), &MarkThisCpu, &seen, true).status() ==
      Status::kInvalidArgument);
  KTEST_EXPECT(seen == 0);
}

KTEST(ipi, calls_without_waiting_all_complete) {
  const arch::CpuMask others = arch::OtherOnlineCpus();
  if (others == 0) return;
  constexpr uint64_t kCalls = 200;
  static uint64_t count;
  count = 0;
  for (uint64_t i = 0; i < kCalls; ++i) {
    KTEST_EXPECT(arch::RunOnCpus(others, &Increment, &count, /*wait=*/false).ok());
  }
  KTEST_EXPECT(WaitFor(&count, kCalls * __builtin_popcountll(others)));
}

// Every other CPU calls the test's CPU kCrossCalls times while that one calls each of them
// kCrossCalls times: every CPU waits for another while that one waits for it, which only
// finishes because waiting CPUs serve requests.
constexpr uint64_t kCrossCalls = 500;
struct CrossCallState {
  uint32_t caller;       // the CPU the others call back
  uint64_t caller_runs;  // requests it ran for the others
  uint64_t callee_runs;  // requests the others ran for it
  uint64_t callees_done;
  uint64_t failures;
};
CrossCallState cross;

void CallBackRepeatedly(void*) {
  for (uint64_t i = 0; i < kCrossCalls; ++i) {
    if (!arch::RunOnCpus(arch::CpuBit(cross.caller), &Increment, &cross.caller_runs, true).ok()) {
      __atomic_fetch_add(&cross.failures, 1, __ATOMIC_RELAXED);
    }
  }
  __atomic_fetch_add(&cross.callees_done, 1, __ATOMIC_RELEASE);
}

KTEST(ipi, cpus_calling_each_other_at_once_all_finish) {
  // Interrupts stay off throughout so the test's thread stays on this CPU: only the wait loops
  // serve the others' requests here.
  const uint64_t flags = arch::SaveFlagsAndDisableInterrupts();
  const arch::CpuMask others = arch::OtherOnlineCpus();
  const uint64_t callee_count = static_cast<uint64_t>(__builtin_popcountll(others));
  cross = {};
  cross.caller = arch::CurrentCpu()->index;
  if (others != 0) {
    // kMayLock: the callees call RunOnCpus themselves.
    KTEST_EXPECT(arch::RunOnCpus(others, &CallBackRepeatedly, nullptr, /*wait=*/false,
                                 arch::CallKind::kMayLock)
                     .ok());
  }
  for (uint64_t i = 0; others != 0 && i < kCrossCalls; ++i) {
    if (!arch::RunOnCpus(others, &Increment, &cross.callee_runs, true).ok()) ++cross.failures;
  }
  // The callees may still be calling back: keep serving them.
  const uint64_t limit = MonotonicNanoseconds() + kTimeoutNs;
  while (__atomic_load_n(&cross.callees_done, __ATOMIC_ACQUIRE) < callee_count &&
         MonotonicNanoseconds() < limit) {
    arch::ServiceCrossCpuWork();
    arch::Pause();
  }
  arch::RestoreFlags(flags);
  KTEST_EXPECT(cross.callees_done == callee_count);
  KTEST_EXPECT(cross.failures == 0);
  KTEST_EXPECT(cross.callee_runs == kCrossCalls * callee_count);
  KTEST_EXPECT(__atomic_load_n(&cross.caller_runs, __ATOMIC_ACQUIRE) == kCrossCalls * callee_count);
}

KTEST(ipi, may_lock_call_is_refused_while_holding_a_spinlock) {
  static sync::SpinLock lock{sync::LockRank::kHeap, "ipi test"};
  uint64_t seen = 0;
  sync::SpinLockGuard guard(lock);
  KTEST_EXPECT(
      arch::RunOnCpus(arch::OnlineCpus(), &MarkThisCpu, &seen, true, arch::CallKind::kMayLock)
          .status() == Status::kBadState);
  KTEST_EXPECT(seen == 0);
}

// --- TLB shootdown ---

struct ReadRequest {
  const volatile uint64_t* address;
  uint64_t value;
};

void ReadThrough(void* arg) {
  auto* request = static_cast<ReadRequest*>(arg);
  request->value = *request->address;
}

// Another CPU reads a page through a kernel mapping (so its TLB may cache it), the mapping is
// moved to another physical page, and that CPU must now read the new page.
KTEST(tlb, shootdown_replaces_a_stale_translation_on_another_cpu) {
  const arch::CpuMask others = arch::OtherOnlineCpus();
  if (others == 0) return;
  const uint32_t reader = static_cast<uint32_t>(__builtin_ctzll(others));
  Result<uint64_t> first = PhysicalPages().AllocatePages(0, PageKind::kKernel);
  Result<uint64_t> second = PhysicalPages().AllocatePages(0, PageKind::kKernel);
  KTEST_EXPECT(first.ok() && second.ok());
  if (!first.ok() || !second.ok()) return;
  constexpr uint64_t kOld = 0x01d'01d'01d, kNew = 0x2e3'2e3'2e3;
  *PhysicalToVirtual<volatile uint64_t>(*first) = kOld;
  *PhysicalToVirtual<volatile uint64_t>(*second) = kNew;
  // The last page of the kernel stack area: far beyond any stack slot in use.
  const uint64_t scratch = GetKernelLayout().stack_area_base + kKernelAreaSize - 4096;
  const Protection data{.writable = true, .global = true};
  KTEST_EXPECT(KernelAddressSpace().Map(scratch, *first, 4096, data).ok());

  ReadRequest read{reinterpret_cast<const volatile uint64_t*>(scratch), 0};
  KTEST_EXPECT(arch::RunOnCpus(arch::CpuBit(reader), &ReadThrough, &read, true).ok());
  KTEST_EXPECT(read.value == kOld);

  const uint64_t shootdowns_before = arch::TlbShootdownCount();
  Result<void> moved = KernelAddressSpace().WithLocked([&](PageTable& table) -> Result<void> {
    RAEEN_TRY(table.Unmap(scratch, 4096));
    return table.Map(scratch, *second, 4096, data);
  });
  KTEST_EXPECT(moved.ok());
  KTEST_EXPECT(arch::TlbShootdownCount() > shootdowns_before);

  read.value = 0;
  KTEST_EXPECT(arch::RunOnCpus(arch::CpuBit(reader), &ReadThrough, &read, true).ok());
  KTEST_EXPECT(read.value == kNew);

  KTEST_EXPECT(KernelAddressSpace().Unmap(scratch, 4096).ok());
  KTEST_EXPECT(PhysicalPages().FreePages(*first, 0).ok());
  KTEST_EXPECT(PhysicalPages().FreePages(*second, 0).ok());
}

}  // namespace
}  // namespace raeen::kernel
