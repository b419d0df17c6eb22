#include "kernel/mm/kernel_memory.h"

#include "kernel/boot/boot_info.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "libs/rstd/placement_new.h"

namespace raeen::kernel {
namespace {

constinit BuddyAllocator buddy;

// The page source and the heap hold references, so they are built in place once the buddy
// exists (the kernel runs no global constructors).
alignas(BuddyPageSource) unsigned char page_source_storage[sizeof(BuddyPageSource)];
alignas(KernelHeap) unsigned char heap_storage[sizeof(KernelHeap)];
KernelHeap* heap = nullptr;

KernelHeap& Heap() {
  RAEEN_ASSERT(heap != nullptr);
  return *heap;
}

void FreeOrPanic(void* pointer) {
  if (pointer == nullptr) return;
  Result<void> freed = Heap().Free(pointer);
  if (!freed.ok()) Panic("kernel heap: bad free of {} ({})", pointer, freed.status());
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
  buddy = created;
  RAEEN_TRY(AddBootMemory(buddy, map, plan));
  auto* pages = new (page_source_storage)
      BuddyPageSource(buddy, handoff.direct_map_base, PageKind::kHeap);
  heap = new (heap_storage) KernelHeap(*pages);
  return {};
}

BuddyAllocator& PhysicalPages() { return buddy; }

KernelHeap& KernelHeapInstance() { return Heap(); }

}  // namespace raeen::kernel

// The allocation operators of the kernel: only the AllocChecker forms exist, so every
// allocation's failure is handled (alloc_checker.h). Deletes return memory to the heap; a
// pointer the heap never handed out is a kernel bug.
using raeen::kernel::AllocChecker;
using raeen::kernel::KernelHeap;

void* operator new(size_t size, AllocChecker& checker) noexcept {
  return AllocateChecked(raeen::kernel::KernelHeapInstance(), size, KernelHeap::kDefaultAlignment,
                         checker);
}
void* operator new[](size_t size, AllocChecker& checker) noexcept {
  return AllocateChecked(raeen::kernel::KernelHeapInstance(), size, KernelHeap::kDefaultAlignment,
                         checker);
}
void* operator new(size_t size, std::align_val_t alignment, AllocChecker& checker) noexcept {
  return AllocateChecked(raeen::kernel::KernelHeapInstance(), size, static_cast<size_t>(alignment),
                         checker);
}
void* operator new[](size_t size, std::align_val_t alignment, AllocChecker& checker) noexcept {
  return AllocateChecked(raeen::kernel::KernelHeapInstance(), size, static_cast<size_t>(alignment),
                         checker);
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
