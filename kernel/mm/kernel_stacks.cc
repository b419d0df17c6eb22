#include "kernel/mm/kernel_stacks.h"

#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_layout.h"
#include "kernel/mm/kernel_memory.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kPage = 4096;
uint64_t next_slot = 0;

uint32_t OrderFor(uint64_t size) {
  uint32_t order = 0;
  while ((kPage << order) < size) ++order;
  return order;
}

}  // namespace

Result<StackRange> AllocateKernelStack(uint64_t size) {
  if (size < kPage || size > kKernelStackSlotSize - kPage || !rstd::IsPowerOfTwo(size)) {
    return Error(Status::kInvalidArgument);
  }
  if ((next_slot + 1) * kKernelStackSlotSize > kKernelAreaSize) return Error(Status::kNoMemory);
  uint32_t order = OrderFor(size);
  RAEEN_TRY(uint64_t phys, PhysicalPages().AllocatePages(order, PageKind::kKernel));
  // The slot's first page stays unmapped: the guard. The stack ends at the slot's end.
  uint64_t slot_end = GetKernelLayout().stack_area_base + (next_slot + 1) * kKernelStackSlotSize;
  uint64_t low = slot_end - size;
  Result<void> mapped =
      KernelAddressSpace().Map(low, phys, size, Protection{.writable = true, .global = true});
  if (!mapped.ok()) {
    (void)PhysicalPages().FreePages(phys, order);
    return Error(mapped.status());
  }
  ++next_slot;
  return StackRange{low, slot_end};
}

}  // namespace raeen::kernel
