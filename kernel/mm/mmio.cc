#include "kernel/mm/mmio.h"

#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_layout.h"
#include "kernel/mm/page_flags.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

// Bytes of the window handed out, guard pages included. Guarded by the kernel address-space
// lock (KernelPageTable::WithLocked), with the mappings.
uint64_t used = 0;

}  // namespace

Result<uint64_t> MapMmio(uint64_t phys, uint64_t size) {
  if (size == 0) return Error(Status::kInvalidArgument);
  uint64_t end;
  uint64_t end_page;
  if (!rstd::CheckedAdd(phys, size, &end) || !rstd::CheckedAlignUp(end, kPageSize4K, &end_page)) {
    return Error(Status::kInvalidArgument);
  }
  uint64_t first_page = phys & ~(kPageSize4K - 1);
  uint64_t span = end_page - first_page;
  // The page after each mapping stays unmapped.
  return KernelAddressSpace().WithLocked([&](PageTable& table) -> Result<uint64_t> {
    if (span > kKernelAreaSize - kPageSize4K - used) return Error(Status::kNoMemory);
    uint64_t virt = GetKernelLayout().mmio_window_base + used;
    RAEEN_TRY(
        table.Map(virt, first_page, span,
                  Protection{.writable = true, .global = true, .cache = CacheMode::kUncached}));
    used += span + kPageSize4K;
    return virt + (phys - first_page);
  });
}

}  // namespace raeen::kernel
