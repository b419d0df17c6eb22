#pragma once
// The kernel's own address space, replacing the loader's initial page tables: the kernel image
// with per-segment permissions (text R-X, rodata R--, data and bss RW-, all NX but text), the
// boot stack with its unmapped guard page below, and the direct map of every memory-map range
// and the framebuffer (RW-, NX). Everything is global; the lower half is empty, so the
// loader's identity-mapped trampoline page is gone.

#include <raeen/handoff.h>

#include "kernel/mm/page_table.h"
#include "kernel/sync/spinlock.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Builds the tables and loads them into CR3. Errors (no memory for tables, a memory map
// without the boot stack) leave the loader's tables in place.
Result<void> SwitchToKernelAddressSpace(const boot::Handoff& handoff, bool pages_1g);

// The kernel's page tables under the address-space lock (LockRank::kAddressSpace), shared by
// every CPU: the calls are PageTable's, with its errors, each holding the lock with interrupts
// disabled. Table pages come from the page allocator (a higher rank) while the lock is held.
// Changed translations are shot down on every online CPU before a call returns
// (arch::ShootdownTlbInvalidator), with the lock held: that is allowed because every spinlock
// wait loop services shootdowns, so a CPU waiting for this lock still acknowledges them.
// Hence: never call these holding the heap or page-allocator lock.
class KernelPageTable {
 public:
  constexpr KernelPageTable() = default;
  KernelPageTable(const KernelPageTable&) = delete;
  KernelPageTable& operator=(const KernelPageTable&) = delete;

  Result<void> Map(uint64_t virt, uint64_t phys, uint64_t size, Protection protection);
  Result<void> MapIdentity(uint64_t phys, uint64_t size, Protection protection);
  Result<void> Unmap(uint64_t virt, uint64_t size);
  Result<void> Protect(uint64_t virt, uint64_t size, Protection protection);
  Result<size_t> Merge(uint64_t virt, uint64_t size);
  // Tables for a user address space that share the kernel half (PageTable::
  // CreateSharingUpperHalf); the three interfaces must outlive them.
  Result<PageTable> CreateUserTables(PageTableAllocator& allocator, PhysicalMemoryAccess& memory,
                                     TlbInvalidator& tlb);
  Result<Translation> Translate(uint64_t virt);
  // `visitor` runs under the lock: it must not take spinlocks of rank kAddressSpace or lower.
  void Walk(PageTableVisitor& visitor);
  size_t table_pages();
  // Fixed once the address space is built; no lock needed.
  uint64_t root() const { return root_; }

  // Runs fn(PageTable&) holding the lock, for a sequence that must not interleave with other
  // CPUs' (kernel stacks and the MMIO window keep their bookkeeping under it too).
  template <typename Fn>
  decltype(auto) WithLocked(Fn&& fn) {
    sync::SpinLockGuard guard(lock_);
    return fn(Table());
  }

 private:
  friend Result<void> SwitchToKernelAddressSpace(const boot::Handoff& handoff, bool pages_1g);
  PageTable& Table();

  sync::SpinLock lock_{sync::LockRank::kAddressSpace, "kernel address space"};
  PageTable* table_ = nullptr;
  uint64_t root_ = 0;
};

// The kernel's address space; valid after SwitchToKernelAddressSpace succeeded.
KernelPageTable& KernelAddressSpace();

}  // namespace raeen::kernel
