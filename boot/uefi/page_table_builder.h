#pragma once
// PageTableBuilder: builds the kernel's initial x86-64 4-level page tables
// [Intel SDM vol. 3A, 4.5 "4-Level Paging and 5-Level Paging"] in memory obtained from a
// PageAllocator. rae-boot runs it on UEFI (identity-mapped physical memory); the host tests run
// it over a fake arena at a fake physical base.
//
// Policy enforced here, not left to callers:
//  - W^X: a mapping is never writable and executable (kInvalidArgument).
//  - Mappings never overlap: mapping over any existing page fails with kAlreadyExists.
//  - Supervisor only: the U/S bit is never set. Non-executable pages carry NX (bit 63), so the
//    CPU must run with EFER.NXE = 1 (the trampoline sets it before loading CR3).
//  - 2 MiB pages are used wherever the virtual address, the physical address and the remaining
//    size allow it; 4 KiB pages elsewhere. 1 GiB pages are not used.
//  - A failed Map() leaves nothing of itself mapped: on allocator exhaustion it removes the
//    entries it already wrote and returns kNoMemory (page tables it allocated stay, empty).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::boot {

class PageAllocator {
 public:
  // The physical address of a zeroed, 4 KiB aligned page, or kNoMemory.
  virtual Result<uint64_t> AllocateZeroedPage() = 0;
  // Where the builder can read and write the table page at physical address `phys` (one it got
  // from AllocateZeroedPage()).
  virtual uint64_t* TableAt(uint64_t phys) = 0;

 protected:
  ~PageAllocator() = default;
};

struct Permissions {
  bool writable = false;
  bool executable = false;
  // G: kept in the TLB across CR3 loads [Intel SDM vol. 3A, 4.10.2.4]. Right for the kernel's
  // mappings, wrong for the identity-mapped trampoline page, which the kernel drops.
  bool global = true;
};

struct Translation {
  uint64_t phys;
  uint64_t page_size;  // 4 KiB or 2 MiB
  bool writable;       // effective: writable at every level
  bool executable;     // effective: no level has NX
  bool global;
};

class PageTableBuilder {
 public:
  static constexpr uint64_t kPageSize = 4096;
  static constexpr uint64_t kLargePageSize = 2ull << 20;
  // The architectural limit of physical addresses [Intel SDM vol. 3A, 4.1.4: MAXPHYADDR <= 52].
  static constexpr uint64_t kPhysicalLimit = 1ull << 52;

  // Entry bits [Intel SDM vol. 3A, 4.5, tables 4-15 to 4-20].
  static constexpr uint64_t kPresent = 1ull << 0;
  static constexpr uint64_t kWritable = 1ull << 1;
  static constexpr uint64_t kUser = 1ull << 2;
  static constexpr uint64_t kLargePage = 1ull << 7;  // PS in a PDE: maps 2 MiB
  static constexpr uint64_t kGlobal = 1ull << 8;
  static constexpr uint64_t kNoExecute = 1ull << 63;
  static constexpr uint64_t kAddressMask = 0x000ffffffffff000;
  static constexpr uint64_t kLargeAddressMask = 0x000fffffffe00000;

  // Allocates the empty PML4. kNoMemory if the allocator is exhausted.
  static Result<PageTableBuilder> Create(PageAllocator& allocator);

  // Maps [virt, virt + size) to [phys, phys + size). All three must be 4 KiB aligned, size > 0,
  // the virtual range canonical without crossing the non-canonical hole, and the physical range
  // below kPhysicalLimit (kInvalidArgument otherwise, and for writable + executable).
  // kAlreadyExists if any page of the range is already mapped; kNoMemory (with the range left
  // unmapped) if the allocator runs out.
  Result<void> Map(uint64_t virt, uint64_t phys, uint64_t size, Permissions permissions);

  // Walks the tables for `virt`: kNotFound if it is not mapped, kInvalidArgument if it is not
  // canonical.
  Result<Translation> Translate(uint64_t virt) const;

  // The physical address of the PML4, for CR3.
  uint64_t root() const { return root_; }
  // Table pages allocated so far, the PML4 included.
  size_t table_pages() const { return table_pages_; }

 private:
  PageTableBuilder(PageAllocator& allocator, uint64_t root) : allocator_(&allocator), root_(root) {}

  bool RangeIsFree(uint64_t virt, uint64_t size) const;
  // The entry for `virt` in the table of `level` (4 PML4 .. 1 PT), creating the tables above it.
  Result<uint64_t*> EntryFor(uint64_t virt, int level);
  // Removes every leaf in [virt, virt + size), which the caller mapped itself.
  void Unmap(uint64_t virt, uint64_t size);

  PageAllocator* allocator_;
  uint64_t root_;
  size_t table_pages_ = 1;
};

}  // namespace raeen::boot
