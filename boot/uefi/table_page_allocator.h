#pragma once
// TablePageAllocator: where rae-boot's page tables (kernel/mm/page_table.h) live. Pages come
// from AllocatePages() tagged LoaderMemoryType::kPageTables so the kernel finds them in the
// final memory map; they are taken from the firmware a few at a time and handed out one by one.
// UEFI identity-maps memory, so a table's physical address is also where the loader writes it.

#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/efi/system_table.h"
#include "kernel/mm/page_table.h"

namespace raeen::boot {

class TablePageAllocator final : public kernel::PageTableAllocator,
                                 public kernel::PhysicalMemoryAccess {
 public:
  // Pages per AllocatePages() call, and the most calls; 64 * 8 pages map far more than the
  // 46-bit direct map needs with 2 MiB pages.
  static constexpr uint64_t kChunkPages = 8;
  static constexpr size_t kMaxChunks = 64;

  explicit TablePageAllocator(efi::BootServices* boot_services) : boot_services_(boot_services) {}
  TablePageAllocator(const TablePageAllocator&) = delete;
  TablePageAllocator& operator=(const TablePageAllocator&) = delete;
  // Frees every chunk unless Keep() was called (rae-boot failed and returns to the firmware).
  ~TablePageAllocator();

  Result<uint64_t> AllocateTablePage() override;
  // Keeps the page for the next AllocateTablePage(): chunks go back to the firmware whole.
  void FreeTablePage(uint64_t phys) override;
  uint64_t* TableAt(uint64_t phys) override { return reinterpret_cast<uint64_t*>(phys); }

  // The tables are final: hand them to the kernel instead of freeing them.
  void Keep() { kept_ = true; }
  // The status of the AllocatePages() call that failed, if one did.
  efi::StatusCode last_error() const { return last_error_; }

 private:
  efi::BootServices* boot_services_;
  uint64_t chunks_[kMaxChunks] = {};
  size_t chunk_count_ = 0;
  uint64_t next_ = 0;       // next unused page in the newest chunk
  uint64_t remaining_ = 0;  // pages left in it
  // Freed pages, linked through their first word.
  uint64_t free_head_ = 0;
  size_t free_count_ = 0;
  bool kept_ = false;
  efi::StatusCode last_error_ = efi::kSuccess;
};

}  // namespace raeen::boot
