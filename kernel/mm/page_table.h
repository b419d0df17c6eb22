#pragma once
// PageTable: one x86-64 address space under 4-level paging [Intel SDM vol. 3A, 4.5], built and
// changed in memory that two small interfaces provide. The same code runs in three places:
//   - the kernel: table pages from the buddy allocator, reached through the direct map;
//   - rae-boot: table pages from UEFI AllocatePages(), identity-mapped;
//   - the host tests: a fake arena at a fake physical base.
// It never touches hardware: no CR3 writes, no INVLPG. Whatever must leave the TLBs is reported
// to a TlbInvalidator, which the kernel implements (INVLPG locally, IPIs on SMP).
//
// Rules the mapper enforces itself, for every caller:
//  - W^X: nothing is ever writable and executable (kInvalidArgument), kernel or user.
//  - NX (bit 63) on every leaf that is not executable; the CPU must run with EFER.NXE = 1.
//  - User mappings only in the lower half, kernel mappings only in the upper half; user pages
//    are never global (kInvalidArgument). The one exception is MapIdentity(), for boot and
//    CPU start-up trampolines: supervisor-only, never global, virtual == physical.
//  - Addresses canonical and 4 KiB aligned, sizes non-zero, ranges inside one half
//    (kInvalidArgument).
//  - No silent overwrite: mapping over any mapped page fails with kAlreadyExists.
//  - All or nothing: every call either does all it was asked or changes nothing. Table pages a
//    call needs are reserved before the first entry is written, so running out of them returns
//    kNoMemory with the tables bit-for-bit as before and nothing leaked.
//
// Page sizes: Map() uses the largest page (1 GiB when PageTableOptions::pages_1g says the CPU
// has them, else 2 MiB, else 4 KiB) that the virtual address, the physical address and the
// remaining size allow. Unmap() and Protect() split a large page that the range covers only in
// part (which needs table pages, hence kNoMemory). Tables are merged back into large pages only
// when the caller asks, with Merge(): Map(), Unmap() and Protect() never merge, so a caller
// that mapped with 4 KiB pages can always unmap them without needing memory.
//
// Table pages are freed as soon as they hold no entry (after the TLB invalidation that makes
// that safe). The root is kept until FreeAllTables().
//
// Not thread-safe: the owner of the address space serialises calls (its lock).

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm/page_flags.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Where table pages come from.
class PageTableAllocator {
 public:
  // The physical address of a zeroed, 4 KiB aligned page for a paging structure; kNoMemory
  // when there is none.
  virtual Result<uint64_t> AllocateTablePage() = 0;
  // Takes back a page from AllocateTablePage() that no paging structure references any more and
  // no TLB or paging-structure cache can still hold. Its contents are undefined.
  virtual void FreeTablePage(uint64_t phys) = 0;

 protected:
  ~PageTableAllocator() = default;
};

// How the mapper reaches table pages by physical address.
class PhysicalMemoryAccess {
 public:
  // The 512 entries of the table page at `phys` (an address from AllocateTablePage()). The
  // pointer stays valid while the page is allocated.
  virtual uint64_t* TableAt(uint64_t phys) = 0;

 protected:
  ~PhysicalMemoryAccess() = default;
};

// Receives the virtual ranges whose translations Unmap(), Protect() and Merge() changed, before
// any table page they unlinked is freed. Map() never reports anything: it only fills entries
// that were not present, which needs no invalidation [Intel SDM vol. 3A, 4.10.4.3].
//
// A split large page reports only the 4 KiB pages whose translation changed: the rest keep
// their translation, so any TLB entries of the old large page (or smaller ones cached for it,
// [Intel SDM vol. 3A, 4.10.2.3]) still say the right thing. A merge reports the whole new large
// page: the page table it replaces may sit in a paging-structure cache.
//
// Every call must also drop the paging-structure caches [Intel SDM vol. 3A, 4.10.3]; INVLPG,
// MOV to CR3 and MOV to CR4 all do [4.10.4.1]. The mapper relies on this before it frees a
// table page. Each operation batches its ranges (adjacent ones coalesced, ascending) and
// reports them when it ends, or earlier when it has unlinked many table pages to free.
// Invalidations must be complete, on every CPU that may use the address space, when a call
// returns.
class TlbInvalidator {
 public:
  // The translation of the 4 KiB page at `virt` changed.
  virtual void InvalidatePage(uint64_t virt) = 0;
  // The translations of [virt, virt + size) changed; `size` is a multiple of 4 KiB, more than
  // one page, and may cover large pages. INVLPG of every 4 KiB page in it is what the SDM
  // recommends [4.10.4.2]; a full flush is the alternative for long ranges.
  virtual void InvalidateRange(uint64_t virt, uint64_t size) = 0;
  // More separate ranges changed than one operation lists: drop every translation of this
  // address space, global ones included (CR4.PGE toggle).
  virtual void InvalidateAll() = 0;

 protected:
  ~TlbInvalidator() = default;
};

struct PageTableOptions {
  // Use 1 GiB pages: only if CPUID.80000001H:EDX.Page1GB [bit 26] is set [Intel SDM vol. 3A,
  // 4.1.4]. QEMU's qemu64 CPU has none.
  bool pages_1g = false;
  // MAXPHYADDR (CPUID.80000008H:EAX[7:0]): physical ranges reaching 1 << this are refused.
  // 32..52.
  uint32_t physical_address_bits = kMaxPhysicalAddressBits;
  // The kernel's own tables: upper-half PML4 entries, once present, stay (their tables are
  // kept even when empty), so every user address space can share them by copying the
  // entries once (PageTable::CreateSharingUpperHalf).
  bool pin_upper_half_root = false;
};

// What Translate() finds for one virtual address.
struct Translation {
  uint64_t phys;       // the physical address the virtual address translates to
  uint64_t page_size;  // of the page mapping it: 4 KiB, 2 MiB or 1 GiB
  Protection protection;
};

// One mapped page, as Walk() reports it.
struct MappedPage {
  uint64_t virt;  // aligned to page_size
  uint64_t phys;
  uint64_t page_size;
  Protection protection;
};

class PageTableVisitor {
 public:
  // A table page: level 4 (the PML4) down to 1 (a page table), the first virtual address it
  // translates, and its physical address. Called before the table's contents are visited.
  virtual void VisitTable(int level, uint64_t virt, uint64_t phys) = 0;
  // A mapped page. Pages come in ascending virtual address order (lower half first).
  virtual void VisitPage(const MappedPage& page) = 0;

 protected:
  ~PageTableVisitor() = default;
};

class PageTable {
 public:
  // Allocates the empty PML4. kInvalidArgument for bad options, kNoMemory without a page. The
  // three interfaces must outlive the PageTable.
  static Result<PageTable> Create(PageTableAllocator& allocator, PhysicalMemoryAccess& memory,
                                  TlbInvalidator& tlb, PageTableOptions options = {});

  // A user address space: an empty lower half, and an upper half that is `kernel`'s, shared by
  // copying its PML4 entries. `kernel` must pin them (pin_upper_half_root, after
  // FillUpperHalfRoot), so they never change again. Map, Unmap, Protect and Merge refuse
  // upper-half ranges here (kInvalidArgument), and FreeAllTables leaves the shared tables alone.
  static Result<PageTable> CreateSharingUpperHalf(PageTableAllocator& allocator,
                                                  PhysicalMemoryAccess& memory,
                                                  TlbInvalidator& tlb, const PageTable& kernel);

  // A PageTable that owns no tables yet (every call but Walk fails with kBadState), to move a
  // created one into.
  PageTable() = default;
  PageTable(PageTable&& other);
  PageTable& operator=(PageTable&& other);
  PageTable(const PageTable&) = delete;
  PageTable& operator=(const PageTable&) = delete;
  // Does not free the tables: they may be in use (rae-boot hands them to the kernel). Call
  // FreeAllTables() for an address space that is no longer needed.
  ~PageTable() = default;

  // Maps [virt, virt + size) to [phys, phys + size).
  //   kInvalidArgument: virt, phys or size not 4 KiB aligned; size 0; the virtual range not
  //     canonical or not inside one half; the physical range reaching 1 << MAXPHYADDR;
  //     writable + executable; user + global; user in the upper half or kernel in the lower.
  //   kAlreadyExists: some page of the range is mapped.
  //   kNoMemory: not enough table pages.
  //   kBadState: after FreeAllTables().
  Result<void> Map(uint64_t virt, uint64_t phys, uint64_t size, Protection protection);

  // Maps [phys, phys + size) at the same virtual addresses, in the lower half, for code that
  // must survive its own CR3 load (rae-boot's kernel jump, the AP start-up trampoline).
  // `protection` must be supervisor-only and not global: such a page must neither be reachable
  // from user mode nor outlive a switch to another address space in the TLB. Errors as Map(),
  // plus kInvalidArgument when the range reaches the upper half. Protect() refuses these pages
  // (a supervisor protection in the lower half); Unmap() removes them.
  Result<void> MapIdentity(uint64_t phys, uint64_t size, Protection protection);

  // Removes every mapping in [virt, virt + size); unmapped holes are allowed. A large page the
  // range covers in part is split first and keeps its other pages.
  //   kInvalidArgument: virt or size not 4 KiB aligned, size 0, not canonical or crossing halves.
  //   kNoMemory: a split needs table pages that are not there (nothing changed).
  //   kBadState: after FreeAllTables().
  Result<void> Unmap(uint64_t virt, uint64_t size);

  // Gives every page in [virt, virt + size) the protection `protection`, splitting large pages
  // that the range covers in part (unless they already have it). The physical pages and the
  // accessed/dirty bits stay. Changing the cache mode of live memory is the caller's business
  // (flushing caches, no aliases with other types) [Intel SDM vol. 3A, 11.12.4].
  //   kInvalidArgument: as Unmap(), plus the protection rules of Map(); also when a page's
  //     user/supervisor setting differs from `protection` (privilege is fixed at Map time).
  //   kNotFound: some page of the range is not mapped (nothing changed).
  //   kNoMemory: a split needs table pages that are not there (nothing changed).
  //   kBadState: after FreeAllTables().
  Result<void> Protect(uint64_t virt, uint64_t size, Protection protection);

  // Replaces every table that lies entirely inside [virt, virt + size) and maps its whole span
  // uniformly (all 512 entries present leaves, physically contiguous from an address aligned to
  // the larger page, identical protection) by one large page: 2 MiB, and 1 GiB when pages_1g.
  // Bottom-up, so 4 KiB pages can become a 1 GiB page in one call. Never allocates. Returns how
  // many table pages it freed. Errors as Unmap(), without kNoMemory.
  Result<size_t> Merge(uint64_t virt, uint64_t size);

  // Gives every upper-half PML4 entry a table (one page each for those that have none), so
  // that the entries never change again: needs pin_upper_half_root. All or nothing.
  //   kBadState: without pin_upper_half_root, or after FreeAllTables().
  //   kNoMemory: not enough table pages (nothing changed).
  Result<void> FillUpperHalfRoot();

  // The page that maps `virt`. kInvalidArgument if `virt` is not canonical, kNotFound if it is
  // not mapped, kBadState after FreeAllTables().
  Result<Translation> Translate(uint64_t virt) const;

  // Reports every table page and every mapped page, in address order (diagnostics, tests).
  void Walk(PageTableVisitor& visitor) const;

  // Frees every table page, the root included, without invalidating anything: only for an
  // address space no CPU uses any more. Every later call but Walk() fails with kBadState.
  void FreeAllTables();

  // The physical address of the PML4, for CR3; 0 after FreeAllTables().
  uint64_t root() const { return root_; }
  // Table pages in use, the PML4 included.
  size_t table_pages() const { return table_pages_; }
  const PageTableOptions& options() const { return options_; }

 private:
  class Operation;
  class Reserve;

  PageTable(PageTableAllocator& allocator, PhysicalMemoryAccess& memory, TlbInvalidator& tlb,
            PageTableOptions options, uint64_t root);

  // kOk or why [virt, virt + size) cannot be operated on.
  Status CheckRange(uint64_t virt, uint64_t size) const;
  Status CheckProtection(const Protection& protection) const;
  bool LeafAllowed(int level) const;
  Result<void> MapChecked(uint64_t virt, uint64_t phys, uint64_t size,
                          const Protection& protection);
  void WalkTable(PageTableVisitor& visitor, uint64_t table, int level, uint64_t virt) const;
  void FreeTable(uint64_t table, int level);

  PageTableAllocator* allocator_ = nullptr;
  PhysicalMemoryAccess* memory_ = nullptr;
  TlbInvalidator* tlb_ = nullptr;
  PageTableOptions options_;
  uint64_t root_ = 0;
  size_t table_pages_ = 0;
  bool shares_upper_half_ = false;  // CreateSharingUpperHalf: the upper half is not ours
};

}  // namespace raeen::kernel
