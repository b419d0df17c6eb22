#include "kernel/mm/kernel_memory.h"

#include "kernel/boot/boot_info.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "libs/rstd/placement_new.h"

namespace raeen::kernel {
namespace {

constinit PhysicalPageAllocator physical_pages;
constinit LockedKernelHeap kernel_heap;

// The heap's page source: BuddyPageSource, each call under the page-allocator lock (the heap
// calls it holding its own, lower-ranked lock).
class LockedBuddyPageSource final : public PageSource {
 public:
  explicit LockedBuddyPageSource(uint64_t direct_map_base) : direct_map_base_(direct_map_base) {}

  Result<void*> AllocatePages(uint32_t order) override {
    return physical_pages.WithLocked(
        [&](BuddyAllocator& buddy) { return Inner(buddy).AllocatePages(order); });
  }
  Result<void> FreePages(void* pages, uint32_t order) override {
    return physical_pages.WithLocked(
        [&](BuddyAllocator& buddy) { return Inner(buddy).FreePages(pages, order); });
  }
  Result<uint32_t> BlockOrder(const void* pages) const override {
    return physical_pages.WithLocked(
        [&](BuddyAllocator& buddy) { return Inner(buddy).BlockOrder(pages); });
  }

 private:
  BuddyPageSource Inner(BuddyAllocator& buddy) const {
    return BuddyPageSource(buddy, direct_map_base_, PageKind::kHeap);
  }

  uint64_t direct_map_base_;
};

// The page source and the heap are built in place once the buddy exists (the kernel runs no
// global constructors).
alignas(LockedBuddyPageSource) unsigned char page_source_storage[sizeof(LockedBuddyPageSource)];
alignas(KernelHeap) unsigned char heap_storage[sizeof(KernelHeap)];

void FreeOrPanic(void* pointer) {
  if (pointer == nullptr) return;
  Result<void> freed = kernel_heap.Free(pointer);
  if (!freed.ok()) Panic("kernel heap: bad free of {} ({})", pointer, freed.status());
}

void* AllocateOrNull(size_t size, size_t alignment, AllocChecker& checker) {
  Result<void*> memory = kernel_heap.Allocate(size, alignment);
  checker.Arm(memory.ok());
  return memory.ok() ? *memory : nullptr;
}

}  // namespace

Result<void> InitKernelMemory(const boot::Handoff& handoff) {
  rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count);
  RAEEN_TRY(BuddyMemoryPlan plan, PlanBuddyMemory(map));
  auto* frames = PhysicalToVirtual<PageFrame>(plan.metadata_base);
  RAEEN_TRY(BuddyAllocator created,
            BuddyAllocator::Create(plan.span_base, plan.span_size,
                                   {frames, plan.metadata_size / sizeof(PageFrame)}));
  RAEEN_TRY(physical_pages.WithLocked([&](BuddyAllocator& buddy) {
    buddy = created;
    return AddBootMemory(buddy, map, plan);
  }));
  auto* pages = new (page_source_storage) LockedBuddyPageSource(handoff.direct_map_base);
  kernel_heap.heap_ = new (heap_storage) KernelHeap(*pages);
  return {};
}

Result<uint64_t> PhysicalPageAllocator::AllocatePages(uint32_t order, PageKind kind) {
  sync::SpinLockGuard guard(lock_);
  return buddy_.AllocatePages(order, kind);
}

Result<void> PhysicalPageAllocator::FreePages(uint64_t physical, uint32_t order) {
  sync::SpinLockGuard guard(lock_);
  return buddy_.FreePages(physical, order);
}

Result<BuddyAllocator::AllocatedBlock> PhysicalPageAllocator::FindAllocatedBlock(
    uint64_t physical) {
  sync::SpinLockGuard guard(lock_);
  return buddy_.FindAllocatedBlock(physical);
}

PhysicalMemoryStats PhysicalPageAllocator::stats() {
  sync::SpinLockGuard guard(lock_);
  return buddy_.stats();
}

uint64_t PhysicalPageAllocator::FreeBlocks(uint32_t order) {
  sync::SpinLockGuard guard(lock_);
  return buddy_.FreeBlocks(order);
}

Result<void> PhysicalPageAllocator::Verify() {
  sync::SpinLockGuard guard(lock_);
  return buddy_.Verify();
}

KernelHeap& LockedKernelHeap::Heap() {
  RAEEN_ASSERT(heap_ != nullptr);
  return *heap_;
}

Result<void*> LockedKernelHeap::Allocate(size_t size, size_t alignment) {
  sync::SpinLockGuard guard(lock_);
  return Heap().Allocate(size, alignment);
}

Result<void> LockedKernelHeap::Free(void* pointer) {
  sync::SpinLockGuard guard(lock_);
  return Heap().Free(pointer);
}

uint64_t LockedKernelHeap::Shrink() {
  sync::SpinLockGuard guard(lock_);
  return Heap().Shrink();
}

KernelHeapStats LockedKernelHeap::Stats() {
  sync::SpinLockGuard guard(lock_);
  return Heap().Stats();
}

PhysicalPageAllocator& PhysicalPages() { return physical_pages; }

LockedKernelHeap& KernelHeapInstance() { return kernel_heap; }

}  // namespace raeen::kernel

// The allocation operators of the kernel: only the AllocChecker forms exist, so every
// allocation's failure is handled (alloc_checker.h). Deletes return memory to the heap; a
// pointer the heap never handed out is a kernel bug.
using raeen::kernel::AllocChecker;
using raeen::kernel::KernelHeap;

void* operator new(size_t size, AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateOrNull(size, KernelHeap::kDefaultAlignment, checker);
}
void* operator new[](size_t size, AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateOrNull(size, KernelHeap::kDefaultAlignment, checker);
}
void* operator new(size_t size, std::align_val_t alignment, AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateOrNull(size, static_cast<size_t>(alignment), checker);
}
void* operator new[](size_t size, std::align_val_t alignment, AllocChecker& checker) noexcept {
  return raeen::kernel::AllocateOrNull(size, static_cast<size_t>(alignment), checker);
}

void operator delete(void* pointer) noexcept { raeen::kernel::FreeOrPanic(pointer); }
void operator delete(void* pointer, size_t) noexcept { raeen::kernel::FreeOrPanic(pointer); }
void operator delete(void* pointer, std::align_val_t) noexcept {
  raeen::kernel::FreeOrPanic(pointer);
}
void operator delete(void* pointer, size_t, std::align_val_t) noexcept {
  raeen::kernel::FreeOrPanic(pointer);
}
void operator delete[](void* pointer) noexcept { raeen::kernel::FreeOrPanic(pointer); }
void operator delete[](void* pointer, size_t) noexcept { raeen::kernel::FreeOrPanic(pointer); }
void operator delete[](void* pointer, std::align_val_t) noexcept {
  raeen::kernel::FreeOrPanic(pointer);
}
void operator delete[](void* pointer, size_t, std::align_val_t) noexcept {
  raeen::kernel::FreeOrPanic(pointer);
}
