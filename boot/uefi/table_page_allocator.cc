#include "boot/uefi/table_page_allocator.h"

#include "boot/uefi/memory_map.h"

namespace raeen::boot {

TablePageAllocator::~TablePageAllocator() {
  if (kept_) return;
  for (size_t i = 0; i < chunk_count_; ++i)
    (void)boot_services_->FreePages(chunks_[i], kChunkPages);
}

Result<uint64_t> TablePageAllocator::AllocateTablePage() {
  uint64_t page = 0;
  if (free_count_ != 0) {
    page = free_head_;
    free_head_ = *TableAt(page);
    --free_count_;
  } else {
    if (remaining_ == 0) {
      if (chunk_count_ == kMaxChunks) {
        last_error_ = efi::kOutOfResources;
        return Error(Status::kNoMemory);
      }
      efi::PhysicalAddress chunk = 0;
      efi::StatusCode status = boot_services_->AllocatePages(
          efi::AllocateType::kAnyPages, static_cast<efi::MemoryType>(LoaderMemoryType::kPageTables),
          kChunkPages, &chunk);
      if (efi::IsError(status)) {
        last_error_ = status;
        return Error(Status::kNoMemory);
      }
      chunks_[chunk_count_++] = chunk;
      next_ = chunk;
      remaining_ = kChunkPages;
    }
    page = next_;
    next_ += kernel::kPageSize4K;
    --remaining_;
  }
  __builtin_memset(reinterpret_cast<void*>(page), 0, kernel::kPageSize4K);
  return page;
}

void TablePageAllocator::FreeTablePage(uint64_t phys) {
  *TableAt(phys) = free_head_;
  free_head_ = phys;
  ++free_count_;
}

}  // namespace raeen::boot
