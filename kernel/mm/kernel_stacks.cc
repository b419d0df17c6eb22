#include "kernel/mm/kernel_stacks.h"

#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_layout.h"
#include "kernel/mm/kernel_memory.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kPage = 4096;
// All of this is guarded by the kernel address-space lock (KernelPageTable::WithLocked).
uint64_t next_slot = 0;
// Slots of freed stacks, reused first. When this is full a freed slot's address range is
// simply not reused (its pages are freed either way); the area has room for a million slots.
constexpr size_t kMaxFreeSlots = 256;
uint64_t free_slots[kMaxFreeSlots];
size_t free_slot_count = 0;

}  // namespace

Result<StackRange> AllocateKernelStack(uint64_t size) {
  if (size < kPage || size > kKernelStackSlotSize - kPage || !rstd::IsPowerOfTwo(size)) {
    return Error(Status::kInvalidArgument);
  }
  // The slot bookkeeping lives under the address-space lock with the mapping itself; the pages
  // come from the page allocator, whose lock ranks above it.
  return KernelAddressSpace().WithLocked([&](PageTable& table) -> Result<StackRange> {
    bool reuse = free_slot_count != 0;
    uint64_t slot = reuse ? free_slots[free_slot_count - 1] : next_slot;
    if ((slot + 1) * kKernelStackSlotSize > kKernelAreaSize) return Error(Status::kNoMemory);
    uint32_t order = OrderForBytes(size);
    RAEEN_TRY(uint64_t phys, PhysicalPages().AllocatePages(order, PageKind::kKernel));
    // The slot's first page stays unmapped: the guard. The stack ends at the slot's end.
    uint64_t slot_end = GetKernelLayout().stack_area_base + (slot + 1) * kKernelStackSlotSize;
    uint64_t low = slot_end - size;
    Result<void> mapped = table.Map(low, phys, size, Protection{.writable = true, .global = true});
    if (!mapped.ok()) {
      (void)PhysicalPages().FreePages(phys, order);
      return Error(mapped.status());
    }
    if (reuse) {
      --free_slot_count;
    } else {
      ++next_slot;
    }
    return StackRange{low, slot_end};
  });
}

Result<void> FreeKernelStack(StackRange stack) {
  const uint64_t base = GetKernelLayout().stack_area_base;
  uint64_t size = stack.high - stack.low;
  if (stack.high <= stack.low || stack.high < base || (stack.high - base) % kKernelStackSlotSize != 0 ||
      size > kKernelStackSlotSize - kPage || !rstd::IsPowerOfTwo(size)) {
    return Error(Status::kInvalidArgument);
  }
  uint64_t slot = (stack.high - base) / kKernelStackSlotSize - 1;
  // Unmap shoots the stack down on every CPU before the pages go back to the allocator.
  return KernelAddressSpace().WithLocked([&](PageTable& table) -> Result<void> {
    if (slot >= next_slot) return Error(Status::kInvalidArgument);
    RAEEN_TRY(Translation translation, table.Translate(stack.low));
    RAEEN_TRY(table.Unmap(stack.low, size));
    RAEEN_TRY(PhysicalPages().FreePages(translation.phys, OrderForBytes(size)));
    if (free_slot_count < kMaxFreeSlots) free_slots[free_slot_count++] = slot;
    return {};
  });
}

}  // namespace raeen::kernel
