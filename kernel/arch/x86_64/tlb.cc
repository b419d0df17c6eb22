#include "kernel/arch/x86_64/tlb.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/debug/panic.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint64_t kCr4Pge = 1ull << 7;
// Past this many pages one full flush is cheaper than INVLPG of each.
constexpr uint64_t kMaxPagesToInvalidateOneByOne = 64;

uint64_t shootdowns = 0;

// What a target CPU invalidates; lives on the initiator's stack (it waits).
struct ShootdownRequest {
  uint64_t virt;
  uint64_t size;  // 0: everything
};

void InvalidateRequested(void* arg) {
  const auto& request = *static_cast<const ShootdownRequest*>(arg);
  LocalTlbInvalidator local;
  if (request.size == 0) {
    local.InvalidateAll();
  } else {
    local.InvalidateRange(request.virt, request.size);
  }
}

// Invalidates on this CPU if `self` says so, then on `others`, and waits for them.
void ShootDownOn(ShootdownRequest request, bool self, CpuMask others) {
  if (self) InvalidateRequested(&request);
  if (others == 0) return;
  Result<void> done = RunOnCpus(others, &InvalidateRequested, &request, /*wait=*/true);
  // Fails only when the call vector cannot be had: a boot bug, and going on would leave stale
  // translations behind.
  if (!done.ok()) Panic("tlb shootdown to cpus {:#x} failed ({})", others, done.status());
  __atomic_fetch_add(&shootdowns, 1, __ATOMIC_RELAXED);
}

void ShootDown(ShootdownRequest request) { ShootDownOn(request, true, OtherOnlineCpus()); }

void ShootDownActive(ShootdownRequest request, const uint64_t* active_cpus) {
  // Interrupts off: the CPU set and "this CPU" must not change under us.
  InterruptGuard guard;
  const CpuMask self = CpuBit(CurrentCpu()->index);
  const CpuMask active = __atomic_load_n(active_cpus, __ATOMIC_SEQ_CST);
  ShootDownOn(request, (active & self) != 0, active & ~self & OnlineCpus());
}

}  // namespace

void LocalTlbInvalidator::InvalidatePage(uint64_t virt) {
  asm volatile("invlpg (%0)" : : "r"(virt) : "memory");
}

void LocalTlbInvalidator::InvalidateRange(uint64_t virt, uint64_t size) {
  if (size / 4096 > kMaxPagesToInvalidateOneByOne) {
    InvalidateAll();
    return;
  }
  for (uint64_t offset = 0; offset < size; offset += 4096) InvalidatePage(virt + offset);
}

void LocalTlbInvalidator::InvalidateAll() {
  // Clearing and setting CR4.PGE flushes every TLB entry, global ones included, and the
  // paging-structure caches [SDM vol. 3A, 4.10.4.1].
  uint64_t cr4 = ReadCr4();
  if (cr4 & kCr4Pge) {
    WriteCr4(cr4 & ~kCr4Pge);
    WriteCr4(cr4);
  } else {
    asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
  }
}

void ShootdownTlbInvalidator::InvalidatePage(uint64_t virt) { ShootDown({virt, 4096}); }

void ShootdownTlbInvalidator::InvalidateRange(uint64_t virt, uint64_t size) {
  ShootDown({virt, size});
}

void ShootdownTlbInvalidator::InvalidateAll() { ShootDown({0, 0}); }

void AddressSpaceTlbInvalidator::InvalidatePage(uint64_t virt) {
  ShootDownActive({virt, 4096}, active_cpus_);
}

void AddressSpaceTlbInvalidator::InvalidateRange(uint64_t virt, uint64_t size) {
  ShootDownActive({virt, size}, active_cpus_);
}

void AddressSpaceTlbInvalidator::InvalidateAll() { ShootDownActive({0, 0}, active_cpus_); }

uint64_t TlbShootdownCount() { return __atomic_load_n(&shootdowns, __ATOMIC_RELAXED); }

}  // namespace raeen::kernel::arch
