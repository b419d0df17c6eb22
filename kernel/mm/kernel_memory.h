#pragma once
// The kernel's memory at run time: the physical page allocator over the boot memory map and
// the general kernel heap on top of it. Boot code calls InitKernelMemory once; everything else
// reaches the two through PhysicalPages() and KernelHeapInstance(), and allocates objects with
// `new (checker) T(...)` (kernel/mm/alloc_checker.h).
//
// Both are shared by every CPU, so each is the pure allocator (host-tested, unsynchronized)
// behind a spinlock: every call takes the lock with interrupts disabled, which makes them safe
// from any CPU, with or without interrupts enabled, in interrupt handlers included. Ranks
// (sync/lock_rank.h): the heap (kHeap) takes pages from the page allocator (kPageAllocator)
// while it holds its lock; the kernel address space (kAddressSpace) takes both. Nothing sends
// a TLB shootdown or waits for another CPU while holding either lock.

#include <raeen/handoff.h>

#include "kernel/mm/buddy_allocator.h"
#include "kernel/mm/kernel_heap.h"
#include "kernel/sync/spinlock.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Builds the buddy allocator from the handoff's (checked) memory map: free RAM becomes
// allocatable, everything else is recorded by kind; then the heap. Errors: those of
// PlanBuddyMemory / AddBootMemory (no RAM, no room for the metadata, a malformed map).
Result<void> InitKernelMemory(const boot::Handoff& handoff);

// The buddy allocator under the page-allocator lock (LockRank::kPageAllocator). The calls are
// BuddyAllocator's, with its errors.
class PhysicalPageAllocator {
 public:
  constexpr PhysicalPageAllocator() = default;
  PhysicalPageAllocator(const PhysicalPageAllocator&) = delete;
  PhysicalPageAllocator& operator=(const PhysicalPageAllocator&) = delete;

  Result<uint64_t> AllocatePages(uint32_t order, PageKind kind);
  Result<void> FreePages(uint64_t physical, uint32_t order);
  Result<BuddyAllocator::AllocatedBlock> FindAllocatedBlock(uint64_t physical);
  // A consistent snapshot: every counter from the same moment.
  PhysicalMemoryStats stats();
  uint64_t FreeBlocks(uint32_t order);
  Result<void> Verify();

  // Runs fn(BuddyAllocator&) holding the lock, for a sequence of calls that must not
  // interleave with other CPUs' (setting up, reclaiming boot memory). `fn` must not take a lock
  // of rank kPageAllocator or lower.
  template <typename Fn>
  decltype(auto) WithLocked(Fn&& fn) {
    sync::SpinLockGuard guard(lock_);
    return fn(buddy_);
  }

 private:
  sync::SpinLock lock_{sync::LockRank::kPageAllocator, "page allocator"};
  BuddyAllocator buddy_;
};

// The kernel heap under the heap lock (LockRank::kHeap); the calls are KernelHeap's.
class LockedKernelHeap {
 public:
  constexpr LockedKernelHeap() = default;
  LockedKernelHeap(const LockedKernelHeap&) = delete;
  LockedKernelHeap& operator=(const LockedKernelHeap&) = delete;

  Result<void*> Allocate(size_t size, size_t alignment = KernelHeap::kDefaultAlignment);
  Result<void> Free(void* pointer);
  uint64_t Shrink();
  KernelHeapStats Stats();

 private:
  friend Result<void> InitKernelMemory(const boot::Handoff& handoff);
  KernelHeap& Heap();

  sync::SpinLock lock_{sync::LockRank::kHeap, "kernel heap"};
  KernelHeap* heap_ = nullptr;
};

// Valid after InitKernelMemory succeeded.
PhysicalPageAllocator& PhysicalPages();
LockedKernelHeap& KernelHeapInstance();

}  // namespace raeen::kernel
