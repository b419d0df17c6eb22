#include "kernel/mm/page_table.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

// Every entry access is atomic so that the compiler neither tears nor repeats it: CPUs read
// entries during page walks and set the accessed and dirty bits in them on their own
// [Intel SDM vol. 3A, 4.8].
uint64_t LoadEntry(const uint64_t* slot) {
  return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

// Release: whatever a new entry makes reachable (a filled table) is written before it.
void StoreEntry(uint64_t* slot, uint64_t value) {
  __atomic_store_n(slot, value, __ATOMIC_RELEASE);
}

// Replaces a live entry and returns what it held, accessed/dirty bits set meanwhile included.
uint64_t ExchangeEntry(uint64_t* slot, uint64_t value) {
  return __atomic_exchange_n(slot, value, __ATOMIC_ACQ_REL);
}

// Rewrites a present leaf with `value`, keeping the accessed/dirty bits, also those a CPU sets
// while this runs.
void RewriteLeaf(uint64_t* slot, uint64_t value) {
  uint64_t old = LoadEntry(slot);
  while (!__atomic_compare_exchange_n(slot, &old, value | (old & pte::kHardwareBits), false,
                                      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
  }
}

// A table as an operation sees it: a real page, or, in the counting pass, one the commit pass
// would create: the split of a large page (entry i is first + i * stride) or an empty table
// (first is 0).
struct TableRef {
  uint64_t phys = 0;
  uint64_t* entries = nullptr;
  uint64_t first = 0;
  uint64_t stride = 0;

  uint64_t Entry(uint64_t index) const {
    if (entries != nullptr) return LoadEntry(&entries[index]);
    return first == 0 ? 0 : first + index * stride;
  }
  uint64_t* Slot(uint64_t index) const { return &entries[index]; }
};

// Calls visit(index, at, sub_last, whole) for every entry of a table of `level` that
// [virt, last] touches, in ascending order: [at, sub_last] is the part of the range inside that
// entry, `whole` says it is all of the entry. `visit` returns false to stop. `last` is inclusive
// so that ranges can end at the top of the address space.
template <typename Visit>
void ForEachEntry(int level, uint64_t virt, uint64_t last, Visit&& visit) {
  const uint64_t span = PageSizeAt(level);
  uint64_t at = virt;
  for (;;) {
    uint64_t entry_first = rstd::AlignDown(at, span);
    uint64_t entry_last = entry_first + (span - 1);
    uint64_t sub_last = rstd::Min(last, entry_last);
    if (!visit(IndexAt(at, level), at, sub_last, at == entry_first && sub_last == entry_last)) {
      return;
    }
    if (sub_last == last) return;
    at = sub_last + 1;
  }
}

bool IsEmpty(const TableRef& table) {
  for (uint64_t i = 0; i < kEntriesPerTable; ++i) {
    if (table.Entry(i) != 0) return false;
  }
  return true;
}

// If the table of `level` maps its whole span uniformly (512 present leaves, physically
// contiguous from an address aligned to the next larger page, the same attributes), the leaf of
// level + 1 that replaces it.
bool MergedLeaf(const TableRef& table, int level, uint64_t* merged) {
  const uint64_t first = table.Entry(0);
  if ((first & pte::kPresent) == 0 || !IsLeaf(first, level)) return false;
  const uint64_t base = LeafAddress(first, level);
  if (!rstd::IsAligned(base, PageSizeAt(level + 1))) return false;
  const uint64_t attributes = (first & ~pte::kHardwareBits) ^ base;
  uint64_t hardware = 0;
  for (uint64_t i = 0; i < kEntriesPerTable; ++i) {
    uint64_t entry = table.Entry(i);
    if ((entry & pte::kPresent) == 0 || !IsLeaf(entry, level)) return false;
    uint64_t address = LeafAddress(entry, level);
    if (address != base + i * PageSizeAt(level)) return false;
    if (((entry & ~pte::kHardwareBits) ^ address) != attributes) return false;
    hardware |= entry & pte::kHardwareBits;
  }
  *merged = EncodeLeaf(base, level + 1, DecodeLeaf(first, level)) | hardware;
  return true;
}

}  // namespace

// Table pages allocated before an operation writes anything, so that its commit pass cannot
// fail. Linked through their first entry; whatever is not used goes back on destruction.
class PageTable::Reserve {
 public:
  explicit Reserve(PageTable& tables) : tables_(tables) {}
  Reserve(const Reserve&) = delete;
  Reserve& operator=(const Reserve&) = delete;
  ~Reserve() { Release(); }

  // Takes `count` pages; on kNoMemory gives back those it got.
  Result<void> Fill(size_t count) {
    for (size_t i = 0; i < count; ++i) {
      Result<uint64_t> page = tables_.allocator_->AllocateTablePage();
      if (!page.ok()) {
        Release();
        return Error(page.status());
      }
      StoreEntry(&tables_.memory_->TableAt(*page)[0], head_);
      head_ = *page;
      ++count_;
    }
    return {};
  }

  // A zeroed page from the reserve. The counting pass sized the reserve with the same code
  // the commit pass runs, so running dry is a bug in this file.
  uint64_t Take() {
    if (count_ == 0) __builtin_trap();
    uint64_t page = head_;
    uint64_t* entries = tables_.memory_->TableAt(page);
    head_ = LoadEntry(&entries[0]);
    StoreEntry(&entries[0], 0);
    --count_;
    return page;
  }

 private:
  void Release() {
    while (count_ != 0) tables_.allocator_->FreeTablePage(Take());
  }

  PageTable& tables_;
  uint64_t head_ = 0;
  size_t count_ = 0;
};

// One pass of one operation over the tables. The counting pass (kCount) writes nothing: it
// finds the reason to refuse the call, if any, and the number of table pages the commit pass
// will take. The commit pass (kCommit) runs the same code, writes the entries, batches TLB
// invalidations and frees unlinked table pages after invalidating them.
class PageTable::Operation {
 public:
  enum class Pass { kCount, kCommit };

  Operation(PageTable& tables, Pass pass, Reserve* reserve)
      : tables_(tables), pass_(pass), reserve_(reserve) {}
  Operation(const Operation&) = delete;
  Operation& operator=(const Operation&) = delete;
  ~Operation() { Flush(); }

  TableRef Root() const { return Real(tables_.root_); }
  Status status() const { return status_; }
  size_t needed() const { return needed_; }
  size_t freed() const { return freed_; }

  void Map(const TableRef& table, int level, uint64_t virt, uint64_t last, uint64_t phys,
           const Protection& protection) {
    ForEachEntry(
        level, virt, last, [&](uint64_t index, uint64_t at, uint64_t sub_last, bool whole) {
          uint64_t entry = table.Entry(index);
          uint64_t sub_phys = phys + (at - virt);
          bool present = (entry & pte::kPresent) != 0;
          if (present && IsLeaf(entry, level)) {
            status_ = Status::kAlreadyExists;
            return false;
          }
          // Level 1 always ends here: its entries are 4 KiB leaves and the range is aligned.
          if (!present && whole && tables_.LeafAllowed(level) &&
              rstd::IsAligned(sub_phys, PageSizeAt(level))) {
            if (pass_ == Pass::kCommit)
              StoreEntry(table.Slot(index), EncodeLeaf(sub_phys, level, protection));
            return true;
          }
          // A smaller page size: descend, through the table that is there or a new one.
          TableRef child = present ? Real(TableAddress(entry)) : NewTable(table, index, at);
          Map(child, level - 1, at, sub_last, sub_phys, protection);
          return status_ == Status::kOk;
        });
  }

  void Unmap(const TableRef& table, int level, uint64_t virt, uint64_t last) {
    ForEachEntry(level, virt, last,
                 [&](uint64_t index, uint64_t at, uint64_t sub_last, bool whole) {
                   uint64_t entry = table.Entry(index);
                   if ((entry & pte::kPresent) == 0) return true;
                   if (IsLeaf(entry, level)) {
                     if (!whole) {
                       Unmap(Split(table, index, entry, level, at), level - 1, at, sub_last);
                     } else if (pass_ == Pass::kCommit) {
                       StoreEntry(table.Slot(index), 0);
                       Invalidate(at, PageSizeAt(level));
                     }
                     return true;
                   }
                   TableRef child = Real(TableAddress(entry));
                   Unmap(child, level - 1, at, sub_last);
                   if (pass_ == Pass::kCommit && IsEmpty(child) && !Pinned(level, at)) {
                     StoreEntry(table.Slot(index), 0);
                     FreeLater(child.phys, nullptr);
                   }
                   return true;
                 });
  }

  void Protect(const TableRef& table, int level, uint64_t virt, uint64_t last,
               const Protection& protection) {
    ForEachEntry(
        level, virt, last, [&](uint64_t index, uint64_t at, uint64_t sub_last, bool whole) {
          uint64_t entry = table.Entry(index);
          if ((entry & pte::kPresent) == 0) {
            status_ = Status::kNotFound;
            return false;
          }
          if (!IsLeaf(entry, level)) {
            Protect(Real(TableAddress(entry)), level - 1, at, sub_last, protection);
            return status_ == Status::kOk;
          }
          if (((entry & pte::kUser) != 0) != protection.user) {
            status_ = Status::kInvalidArgument;
            return false;
          }
          uint64_t wanted = EncodeLeaf(LeafAddress(entry, level), level, protection);
          if ((entry & ~pte::kHardwareBits) == wanted) return true;  // nothing to change, no split
          if (!whole) {
            Protect(Split(table, index, entry, level, at), level - 1, at, sub_last, protection);
            return status_ == Status::kOk;
          }
          if (pass_ == Pass::kCommit) {
            RewriteLeaf(table.Slot(index), wanted);
            Invalidate(at, PageSizeAt(level));
          }
          return true;
        });
  }

  // Commit pass only: it never needs a table page.
  void Merge(const TableRef& table, int level, uint64_t virt, uint64_t last) {
    ForEachEntry(
        level, virt, last, [&](uint64_t index, uint64_t at, uint64_t sub_last, bool whole) {
          uint64_t entry = table.Entry(index);
          if ((entry & pte::kPresent) == 0 || IsLeaf(entry, level)) return true;
          TableRef child = Real(TableAddress(entry));
          if (level - 1 >= 2) Merge(child, level - 1, at, sub_last);
          uint64_t merged = 0;
          if (whole && tables_.LeafAllowed(level) && MergedLeaf(child, level - 1, &merged)) {
            StoreEntry(table.Slot(index), merged);
            Invalidate(at, PageSizeAt(level));
            FreeLater(child.phys, table.Slot(index));
          }
          return true;
        });
  }

  // Issues the batched invalidations, then frees the table pages they made safe to free.
  void Flush() {
    if (overflow_) {
      tables_.tlb_->InvalidateAll();
    } else {
      for (size_t i = 0; i < range_count_; ++i) {
        if (ranges_[i].size == kPageSize4K) {
          tables_.tlb_->InvalidatePage(ranges_[i].virt);
        } else {
          tables_.tlb_->InvalidateRange(ranges_[i].virt, ranges_[i].size);
        }
      }
    }
    range_count_ = 0;
    overflow_ = false;
    for (size_t i = 0; i < pending_count_; ++i) {
      const PendingFree& pending = pending_[i];
      if (pending.merged_into != nullptr) {
        // Until the invalidation a CPU could still set accessed/dirty bits in the old table;
        // they belong to the large page now.
        uint64_t hardware = 0;
        uint64_t* entries = tables_.memory_->TableAt(pending.phys);
        for (uint64_t e = 0; e < kEntriesPerTable; ++e) {
          hardware |= LoadEntry(&entries[e]) & pte::kHardwareBits;
        }
        if (hardware != 0) __atomic_fetch_or(pending.merged_into, hardware, __ATOMIC_RELAXED);
      }
      tables_.allocator_->FreeTablePage(pending.phys);
      --tables_.table_pages_;
      ++freed_;
    }
    pending_count_ = 0;
  }

 private:
  struct Range {
    uint64_t virt;
    uint64_t size;
  };
  struct PendingFree {
    uint64_t phys;
    uint64_t* merged_into;  // the large-page leaf that replaced the table (Merge), else null
  };
  // More separate ranges than this become one InvalidateAll(); more unlinked tables than this
  // flush the batch early.
  static constexpr size_t kMaxRanges = 16;
  static constexpr size_t kMaxPendingFrees = 16;

  // An upper-half PML4 entry of tables that pin them: shared with every user address space.
  bool Pinned(int level, uint64_t virt) const {
    return level == kRootLevel && !IsLowerHalf(virt) && tables_.options_.pin_upper_half_root;
  }

  TableRef Real(uint64_t phys) const {
    return TableRef{.phys = phys, .entries = tables_.memory_->TableAt(phys)};
  }

  // A new, empty table under entry `index` of `table` (which is not present).
  TableRef NewTable(const TableRef& table, uint64_t index, uint64_t virt) {
    if (pass_ == Pass::kCount) {
      ++needed_;
      return TableRef{};
    }
    uint64_t phys = reserve_->Take();
    StoreEntry(table.Slot(index), EncodeTable(phys, IsLowerHalf(virt)));
    ++tables_.table_pages_;
    return Real(phys);
  }

  // Replaces the large-page leaf `entry` (entry `index` of `table`, of `level`) by a table of
  // 512 smaller leaves with the same translation and attributes, and returns that table.
  TableRef Split(const TableRef& table, uint64_t index, uint64_t entry, int level, uint64_t virt) {
    const int child_level = level - 1;
    const uint64_t stride = PageSizeAt(child_level);
    const uint64_t first =
        EncodeLeaf(LeafAddress(entry, level), child_level, DecodeLeaf(entry, level)) |
        (entry & pte::kHardwareBits);
    if (pass_ == Pass::kCount) {
      ++needed_;
      return TableRef{.first = first, .stride = stride};
    }
    uint64_t phys = reserve_->Take();
    TableRef child = Real(phys);
    for (uint64_t i = 0; i < kEntriesPerTable; ++i) StoreEntry(child.Slot(i), first + i * stride);
    // Every translation stays the same, so the switch needs no invalidation by itself.
    uint64_t old = ExchangeEntry(table.Slot(index), EncodeTable(phys, IsLowerHalf(virt)));
    uint64_t late = old & pte::kHardwareBits & ~first;
    if (late != 0) {
      for (uint64_t i = 0; i < kEntriesPerTable; ++i) {
        __atomic_fetch_or(child.Slot(i), late, __ATOMIC_RELAXED);
      }
    }
    ++tables_.table_pages_;
    return child;
  }

  // Records that the translations of [virt, virt + size) changed. Ranges arrive in ascending
  // order, except that a merge reports its large page after the smaller merges inside it: the
  // new range then replaces what it covers.
  void Invalidate(uint64_t virt, uint64_t size) {
    while (range_count_ > 0) {
      Range& previous = ranges_[range_count_ - 1];
      if (previous.virt >= virt) {
        --range_count_;
        continue;
      }
      if (previous.virt + previous.size > virt) previous.size = virt - previous.virt;
      break;
    }
    if (range_count_ > 0) {
      Range& previous = ranges_[range_count_ - 1];
      if (previous.virt + previous.size == virt) {
        previous.size += size;
        return;
      }
    }
    if (range_count_ == kMaxRanges) {
      overflow_ = true;
      return;
    }
    ranges_[range_count_++] = Range{virt, size};
  }

  // Frees the unlinked table page `phys` once the batch is invalidated.
  void FreeLater(uint64_t phys, uint64_t* merged_into) {
    pending_[pending_count_++] = PendingFree{phys, merged_into};
    if (pending_count_ == kMaxPendingFrees) Flush();
  }

  PageTable& tables_;
  const Pass pass_;
  Reserve* const reserve_;
  Status status_ = Status::kOk;
  size_t needed_ = 0;
  size_t freed_ = 0;
  Range ranges_[kMaxRanges];
  size_t range_count_ = 0;
  bool overflow_ = false;
  PendingFree pending_[kMaxPendingFrees];
  size_t pending_count_ = 0;
};

PageTable::PageTable(PageTableAllocator& allocator, PhysicalMemoryAccess& memory,
                     TlbInvalidator& tlb, PageTableOptions options, uint64_t root)
    : allocator_(&allocator),
      memory_(&memory),
      tlb_(&tlb),
      options_(options),
      root_(root),
      table_pages_(1) {}

PageTable::PageTable(PageTable&& other)
    : allocator_(other.allocator_),
      memory_(other.memory_),
      tlb_(other.tlb_),
      options_(other.options_),
      root_(other.root_),
      table_pages_(other.table_pages_),
      shares_upper_half_(other.shares_upper_half_) {
  other.root_ = 0;
  other.table_pages_ = 0;
}

PageTable& PageTable::operator=(PageTable&& other) {
  if (this != &other) {
    allocator_ = other.allocator_;
    memory_ = other.memory_;
    tlb_ = other.tlb_;
    options_ = other.options_;
    root_ = other.root_;
    table_pages_ = other.table_pages_;
    shares_upper_half_ = other.shares_upper_half_;
    other.root_ = 0;
    other.table_pages_ = 0;
  }
  return *this;
}

Result<PageTable> PageTable::Create(PageTableAllocator& allocator, PhysicalMemoryAccess& memory,
                                    TlbInvalidator& tlb, PageTableOptions options) {
  if (options.physical_address_bits < 32 ||
      options.physical_address_bits > kMaxPhysicalAddressBits) {
    return Error(Status::kInvalidArgument);
  }
  RAEEN_TRY(uint64_t root, allocator.AllocateTablePage());
  return PageTable(allocator, memory, tlb, options, root);
}

Result<PageTable> PageTable::CreateSharingUpperHalf(PageTableAllocator& allocator,
                                                    PhysicalMemoryAccess& memory,
                                                    TlbInvalidator& tlb, const PageTable& kernel) {
  if (kernel.root_ == 0 || !kernel.options_.pin_upper_half_root) return Error(Status::kBadState);
  PageTableOptions options = kernel.options_;
  options.pin_upper_half_root = false;
  RAEEN_TRY(PageTable tables, Create(allocator, memory, tlb, options));
  const uint64_t* from = memory.TableAt(kernel.root_);
  uint64_t* to = memory.TableAt(tables.root_);
  for (uint64_t i = kEntriesPerTable / 2; i < kEntriesPerTable; ++i) {
    StoreEntry(&to[i], LoadEntry(&from[i]));
  }
  tables.shares_upper_half_ = true;
  return tables;
}

Result<void> PageTable::FillUpperHalfRoot() {
  if (root_ == 0 || !options_.pin_upper_half_root) return Error(Status::kBadState);
  uint64_t* entries = memory_->TableAt(root_);
  size_t missing = 0;
  for (uint64_t i = kEntriesPerTable / 2; i < kEntriesPerTable; ++i) {
    if ((LoadEntry(&entries[i]) & pte::kPresent) == 0) ++missing;
  }
  Reserve reserve(*this);
  RAEEN_TRY(reserve.Fill(missing));
  for (uint64_t i = kEntriesPerTable / 2; i < kEntriesPerTable; ++i) {
    if ((LoadEntry(&entries[i]) & pte::kPresent) != 0) continue;
    StoreEntry(&entries[i], EncodeTable(reserve.Take(), /*lower_half=*/false));
    ++table_pages_;
  }
  return {};
}

Status PageTable::CheckRange(uint64_t virt, uint64_t size) const {
  if (root_ == 0) return Status::kBadState;
  if (size == 0 || !rstd::IsAligned(virt, kPageSize4K) || !rstd::IsAligned(size, kPageSize4K)) {
    return Status::kInvalidArgument;
  }
  uint64_t last = 0;
  if (!rstd::CheckedAdd(virt, size - 1, &last) || !IsCanonical(virt) || !IsCanonical(last) ||
      IsLowerHalf(virt) != IsLowerHalf(last)) {
    return Status::kInvalidArgument;
  }
  // The kernel's half of a user address space belongs to the kernel's tables.
  if (shares_upper_half_ && !IsLowerHalf(virt)) return Status::kInvalidArgument;
  return Status::kOk;
}

// The rules every protection obeys, wherever it is mapped.
Status PageTable::CheckProtection(const Protection& protection) const {
  if (protection.writable && protection.executable) return Status::kInvalidArgument;  // W^X
  if (protection.user && protection.global) return Status::kInvalidArgument;
  switch (protection.cache) {
    case CacheMode::kWriteBack:
    case CacheMode::kWriteCombining:
    case CacheMode::kUncached: return Status::kOk;
  }
  return Status::kInvalidArgument;
}

bool PageTable::LeafAllowed(int level) const {
  return level == 1 || level == 2 || (level == 3 && options_.pages_1g);
}

Result<void> PageTable::Map(uint64_t virt, uint64_t phys, uint64_t size, Protection protection) {
  Status status = CheckRange(virt, size);
  if (status == Status::kOk) status = CheckProtection(protection);
  // User mappings in the lower half, kernel mappings in the upper half.
  if (status == Status::kOk && protection.user != IsLowerHalf(virt)) {
    status = Status::kInvalidArgument;
  }
  if (status != Status::kOk) return Error(status);
  return MapChecked(virt, phys, size, protection);
}

Result<void> PageTable::MapIdentity(uint64_t phys, uint64_t size, Protection protection) {
  Status status = CheckRange(phys, size);
  if (status == Status::kOk) status = CheckProtection(protection);
  if (status == Status::kOk && (!IsLowerHalf(phys) || protection.user || protection.global)) {
    status = Status::kInvalidArgument;
  }
  if (status != Status::kOk) return Error(status);
  return MapChecked(phys, phys, size, protection);
}

Result<void> PageTable::MapChecked(uint64_t virt, uint64_t phys, uint64_t size,
                                   const Protection& protection) {
  if (!rstd::IsAligned(phys, kPageSize4K) ||
      !rstd::RangeContains(0, 1ull << options_.physical_address_bits, phys, size)) {
    return Error(Status::kInvalidArgument);
  }
  const uint64_t last = virt + (size - 1);
  Operation count(*this, Operation::Pass::kCount, nullptr);
  count.Map(count.Root(), kRootLevel, virt, last, phys, protection);
  if (count.status() != Status::kOk) return Error(count.status());
  Reserve reserve(*this);
  RAEEN_TRY(reserve.Fill(count.needed()));
  Operation commit(*this, Operation::Pass::kCommit, &reserve);
  commit.Map(commit.Root(), kRootLevel, virt, last, phys, protection);
  return {};
}

Result<void> PageTable::Unmap(uint64_t virt, uint64_t size) {
  Status status = CheckRange(virt, size);
  if (status != Status::kOk) return Error(status);
  const uint64_t last = virt + (size - 1);
  Operation count(*this, Operation::Pass::kCount, nullptr);
  count.Unmap(count.Root(), kRootLevel, virt, last);
  Reserve reserve(*this);
  RAEEN_TRY(reserve.Fill(count.needed()));
  Operation commit(*this, Operation::Pass::kCommit, &reserve);
  commit.Unmap(commit.Root(), kRootLevel, virt, last);
  return {};
}

Result<void> PageTable::Protect(uint64_t virt, uint64_t size, Protection protection) {
  Status status = CheckRange(virt, size);
  if (status == Status::kOk) status = CheckProtection(protection);
  if (status == Status::kOk && protection.user != IsLowerHalf(virt)) {
    status = Status::kInvalidArgument;
  }
  if (status != Status::kOk) return Error(status);
  const uint64_t last = virt + (size - 1);
  Operation count(*this, Operation::Pass::kCount, nullptr);
  count.Protect(count.Root(), kRootLevel, virt, last, protection);
  if (count.status() != Status::kOk) return Error(count.status());
  Reserve reserve(*this);
  RAEEN_TRY(reserve.Fill(count.needed()));
  Operation commit(*this, Operation::Pass::kCommit, &reserve);
  commit.Protect(commit.Root(), kRootLevel, virt, last, protection);
  return {};
}

Result<size_t> PageTable::Merge(uint64_t virt, uint64_t size) {
  Status status = CheckRange(virt, size);
  if (status != Status::kOk) return Error(status);
  Operation commit(*this, Operation::Pass::kCommit, nullptr);
  commit.Merge(commit.Root(), kRootLevel, virt, virt + (size - 1));
  commit.Flush();
  return commit.freed();
}

Result<Translation> PageTable::Translate(uint64_t virt) const {
  if (root_ == 0) return Error(Status::kBadState);
  if (!IsCanonical(virt)) return Error(Status::kInvalidArgument);
  uint64_t table = root_;
  // Effective rights are the intersection over all levels [Intel SDM vol. 3A, 4.6.1].
  bool writable = true;
  bool user = true;
  bool executable = true;
  for (int level = kRootLevel;; --level) {
    uint64_t entry = LoadEntry(&memory_->TableAt(table)[IndexAt(virt, level)]);
    if ((entry & pte::kPresent) == 0) return Error(Status::kNotFound);
    writable = writable && (entry & pte::kWritable) != 0;
    user = user && (entry & pte::kUser) != 0;
    executable = executable && (entry & pte::kNoExecute) == 0;
    if (IsLeaf(entry, level)) {
      Protection protection = DecodeLeaf(entry, level);
      protection.writable = writable;
      protection.user = user;
      protection.executable = executable;
      uint64_t page_size = PageSizeAt(level);
      return Translation{LeafAddress(entry, level) + (virt & (page_size - 1)), page_size,
                         protection};
    }
    table = TableAddress(entry);
  }
}

void PageTable::Walk(PageTableVisitor& visitor) const {
  if (root_ != 0) WalkTable(visitor, root_, kRootLevel, 0);
}

void PageTable::WalkTable(PageTableVisitor& visitor, uint64_t table, int level,
                          uint64_t virt) const {
  visitor.VisitTable(level, virt, table);
  const uint64_t* entries = memory_->TableAt(table);
  for (uint64_t i = 0; i < kEntriesPerTable; ++i) {
    uint64_t entry = LoadEntry(&entries[i]);
    if ((entry & pte::kPresent) == 0) continue;
    uint64_t at = virt + i * PageSizeAt(level);
    // The upper half of the PML4 translates sign-extended addresses.
    if (level == kRootLevel && i >= kEntriesPerTable / 2) at |= ~(kLowerHalfEnd - 1);
    if (IsLeaf(entry, level)) {
      visitor.VisitPage(
          MappedPage{at, LeafAddress(entry, level), PageSizeAt(level), DecodeLeaf(entry, level)});
    } else {
      WalkTable(visitor, TableAddress(entry), level - 1, at);
    }
  }
}

void PageTable::FreeAllTables() {
  if (root_ == 0) return;
  if (shares_upper_half_) {
    // Those are the kernel's: unlink them so FreeTable does not follow them.
    uint64_t* entries = memory_->TableAt(root_);
    for (uint64_t i = kEntriesPerTable / 2; i < kEntriesPerTable; ++i) StoreEntry(&entries[i], 0);
  }
  FreeTable(root_, kRootLevel);
  root_ = 0;
  table_pages_ = 0;
}

void PageTable::FreeTable(uint64_t table, int level) {
  const uint64_t* entries = memory_->TableAt(table);
  for (uint64_t i = 0; i < kEntriesPerTable; ++i) {
    uint64_t entry = LoadEntry(&entries[i]);
    if ((entry & pte::kPresent) != 0 && !IsLeaf(entry, level)) {
      FreeTable(TableAddress(entry), level - 1);
    }
  }
  allocator_->FreeTablePage(table);
}

}  // namespace raeen::kernel
