#pragma once
// The page-table mapper's two memory interfaces on the kernel's own memory: table pages come
// from the physical page allocator (counted as PageKind::kPageTable) and are reached through
// the direct map. Each page allocation takes the page-allocator lock, so the mapper may run
// under the address-space lock (lower rank).

#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/page_table.h"

namespace raeen::kernel {

class KernelTableMemory final : public PageTableAllocator, public PhysicalMemoryAccess {
 public:
  KernelTableMemory(PhysicalPageAllocator& pages, uint64_t direct_map_base)
      : pages_(pages), direct_map_base_(direct_map_base) {}

  Result<uint64_t> AllocateTablePage() override;
  void FreeTablePage(uint64_t phys) override;
  uint64_t* TableAt(uint64_t phys) override;

 private:
  PhysicalPageAllocator& pages_;
  uint64_t direct_map_base_;
};

}  // namespace raeen::kernel
