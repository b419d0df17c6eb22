#include "boot/uefi/page_table_builder.h"

#include "libs/rstd/utility.h"

namespace raeen::boot {
namespace {

constexpr uint64_t kLowHalfEnd = 0x0000800000000000;     // first non-canonical address
constexpr uint64_t kHighHalfStart = 0xffff800000000000;  // first canonical high address

bool IsCanonical(uint64_t virt) {
  return virt < kLowHalfEnd || virt >= kHighHalfStart;
}

// Index of `virt` in the table of `level`: bits 47:39 for the PML4 (level 4) down to bits 20:12
// for a page table (level 1) [Intel SDM vol. 3A, 4.5.4, figure 4-8].
size_t IndexAt(uint64_t virt, int level) {
  return (virt >> (12 + 9 * (level - 1))) & 511;
}

// Bytes covered by one entry of the table of `level`.
uint64_t EntrySpan(int level) {
  return 1ull << (12 + 9 * (level - 1));
}

}  // namespace

Result<PageTableBuilder> PageTableBuilder::Create(PageAllocator& allocator) {
  RAEEN_TRY(uint64_t root, allocator.AllocateZeroedPage());
  return PageTableBuilder(allocator, root);
}

Result<void> PageTableBuilder::Map(uint64_t virt, uint64_t phys, uint64_t size,
                                   Permissions permissions) {
  if (permissions.writable && permissions.executable) return Error(Status::kInvalidArgument);
  if (size == 0 || !rstd::IsAligned(virt, kPageSize) || !rstd::IsAligned(phys, kPageSize) ||
      !rstd::IsAligned(size, kPageSize)) {
    return Error(Status::kInvalidArgument);
  }
  uint64_t last = 0;
  if (!rstd::CheckedAdd(virt, size - 1, &last) || !IsCanonical(virt) || !IsCanonical(last) ||
      (virt < kLowHalfEnd) != (last < kLowHalfEnd)) {
    return Error(Status::kInvalidArgument);
  }
  if (!rstd::RangeContains(0, kPhysicalLimit, phys, size)) return Error(Status::kInvalidArgument);
  if (!RangeIsFree(virt, size)) return Error(Status::kAlreadyExists);

  uint64_t leaf_bits = kPresent;
  if (permissions.writable) leaf_bits |= kWritable;
  if (!permissions.executable) leaf_bits |= kNoExecute;
  if (permissions.global) leaf_bits |= kGlobal;

  uint64_t done = 0;
  while (done < size) {
    uint64_t v = virt + done;
    uint64_t p = phys + done;
    uint64_t step = kPageSize;
    bool large = rstd::IsAligned(v, kLargePageSize) && rstd::IsAligned(p, kLargePageSize) &&
                 size - done >= kLargePageSize;
    Status status = Status::kOk;
    if (large) {
      Result<uint64_t*> pde = EntryFor(v, 2);
      if (!pde.ok()) {
        status = pde.status();
      } else if ((**pde & kPresent) == 0) {
        **pde = p | leaf_bits | kLargePage;
        step = kLargePageSize;
      } else {
        // A present PDE here can only be an (empty) page table left behind by an earlier
        // failed Map(): the range was free. Fill that table with 4 KiB pages instead.
        large = false;
      }
    }
    if (status == Status::kOk && !large) {
      Result<uint64_t*> pte = EntryFor(v, 1);
      if (pte.ok()) {
        **pte = p | leaf_bits;
      } else {
        status = pte.status();
      }
    }
    if (status != Status::kOk) {
      Unmap(virt, done);
      return Error(status);
    }
    done += step;
  }
  return {};
}

Result<uint64_t*> PageTableBuilder::EntryFor(uint64_t virt, int level) {
  uint64_t table = root_;
  for (int current = 4; current > level; --current) {
    uint64_t entry = allocator_->TableAt(table)[IndexAt(virt, current)];
    if ((entry & kPresent) == 0) {
      RAEEN_TRY(uint64_t fresh, allocator_->AllocateZeroedPage());
      ++table_pages_;
      // Upper levels allow everything; the leaf entry decides [Intel SDM vol. 3A, 4.6.1].
      // The table is looked up again: an allocator may move its pages when it grows.
      entry = fresh | kPresent | kWritable;
      allocator_->TableAt(table)[IndexAt(virt, current)] = entry;
    }
    table = entry & kAddressMask;
  }
  return &allocator_->TableAt(table)[IndexAt(virt, level)];
}

bool PageTableBuilder::RangeIsFree(uint64_t virt, uint64_t size) const {
  uint64_t last = virt + size - 1;
  uint64_t at = virt;
  for (;;) {
    uint64_t table = root_;
    uint64_t skip = 0;
    for (int level = 4;; --level) {
      uint64_t entry = allocator_->TableAt(table)[IndexAt(at, level)];
      if ((entry & kPresent) == 0) {
        skip = EntrySpan(level);
        break;
      }
      if (level == 1 || (level == 2 && (entry & kLargePage) != 0)) return false;
      table = entry & kAddressMask;
    }
    // Continue at the start of the next region that entry covers; stop past the end (the sum
    // wraps to 0 at the very top of the address space, which also ends the range).
    uint64_t next = rstd::AlignDown(at, skip) + skip;
    if (next == 0 || next - 1 >= last) return true;
    at = next;
  }
}

void PageTableBuilder::Unmap(uint64_t virt, uint64_t size) {
  if (size == 0) return;
  uint64_t last = virt + size - 1;
  uint64_t at = virt;
  for (;;) {
    uint64_t table = root_;
    uint64_t step = 0;
    for (int level = 4;; --level) {
      uint64_t* entry = &allocator_->TableAt(table)[IndexAt(at, level)];
      bool leaf = level == 1 || (level == 2 && (*entry & kLargePage) != 0);
      if ((*entry & kPresent) != 0 && leaf) *entry = 0;
      if ((*entry & kPresent) == 0) {
        step = EntrySpan(level);
        break;
      }
      table = *entry & kAddressMask;
    }
    uint64_t next = rstd::AlignDown(at, step) + step;
    if (next == 0 || next - 1 >= last) return;
    at = next;
  }
}

Result<Translation> PageTableBuilder::Translate(uint64_t virt) const {
  if (!IsCanonical(virt)) return Error(Status::kInvalidArgument);
  uint64_t table = root_;
  bool writable = true;
  bool executable = true;
  for (int level = 4;; --level) {
    uint64_t entry = allocator_->TableAt(table)[IndexAt(virt, level)];
    if ((entry & kPresent) == 0) return Error(Status::kNotFound);
    writable = writable && (entry & kWritable) != 0;
    executable = executable && (entry & kNoExecute) == 0;
    bool large = level == 2 && (entry & kLargePage) != 0;
    if (level == 1 || large) {
      uint64_t page_size = large ? kLargePageSize : kPageSize;
      uint64_t base = entry & (large ? kLargeAddressMask : kAddressMask);
      return Translation{base + (virt & (page_size - 1)), page_size, writable, executable,
                         (entry & kGlobal) != 0};
    }
    table = entry & kAddressMask;
  }
}

}  // namespace raeen::boot
