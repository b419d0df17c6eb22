#include "kernel/mm/kernel_page_tables.h"

#include "kernel/debug/panic.h"

namespace raeen::kernel {

Result<uint64_t> KernelTableMemory::AllocateTablePage() {
  RAEEN_TRY(uint64_t phys, pages_.AllocatePages(0, PageKind::kPageTable));
  __builtin_memset(TableAt(phys), 0, 4096);
  return phys;
}

void KernelTableMemory::FreeTablePage(uint64_t phys) {
  Result<void> freed = pages_.FreePages(phys, 0);
  // The mapper only returns pages it took from us: anything else is a kernel bug.
  if (!freed.ok()) Panic("page tables: freeing table page {:#x} failed ({})", phys, freed.status());
}

uint64_t* KernelTableMemory::TableAt(uint64_t phys) {
  return reinterpret_cast<uint64_t*>(direct_map_base_ + phys);
}

}  // namespace raeen::kernel
