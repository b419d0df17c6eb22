#pragma once
// AddressSpace: the user half of one process's virtual memory (ARCHITECTURE.md §4). It owns
// page tables that share the kernel half (PageTable::CreateSharingUpperHalf) and a list of
// mappings, each a window onto a MemoryObject that the mapping keeps alive. Every mapping is
// W^X: writable or executable, never both (the mapper refuses it too).
//
// Calls take the address space's mutex (they may block: TLB shootdowns wait for other CPUs,
// table pages are allocated). Changed translations are shot down on the CPUs that run it
// (arch::AddressSpaceTlbInvalidator) before a call returns.

#include <stdint.h>

#include "kernel/arch/x86_64/tlb.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/mm/kernel_page_tables.h"
#include "kernel/mm/page_table.h"
#include "kernel/object/kernel_object.h"
#include "kernel/object/memory_object.h"
#include "kernel/sync/mutex.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// How a mapping may be used from user space.
struct MapPermissions {
  bool write = false;
  bool execute = false;
};

class AddressSpace final : public KernelObject {
 public:
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite |
                                           Rights::kGetProperty;
  static constexpr Rights kValidRights = kDefaultRights;

  // An empty user half whose automatic mappings go in [mappings_base, mappings_end). Errors:
  // kNoMemory.
  static Result<RefPtr<AddressSpace>> Create(uint64_t mappings_base, uint64_t mappings_end);

  // Maps `size` bytes of `memory` from `offset` at `address` (page aligned), or, with
  // address 0, at the lowest free place in the mapping window, in the object's cache mode
  // (uncached for device registers). Returns the address.
  //   kInvalidArgument: offset, size or address not page aligned; size 0; write and execute.
  //   kOutOfRange: [offset, offset + size) is not inside `memory`, or the range is not inside
  //     user space (kUserBase .. kUserTop).
  //   kAlreadyExists: the range overlaps a mapping.
  //   kNoMemory: no room in the mapping window, or no memory for tables or bookkeeping.
  Result<uint64_t> Map(const RefPtr<MemoryObject>& memory, uint64_t offset, uint64_t size,
                       MapPermissions permissions, uint64_t address,
                       MapPermissions allowed = {true, true});

  // Removes the mappings that lie entirely inside [address, address + size).
  //   kInvalidArgument: not page aligned, size 0, or the range cuts a mapping in two.
  //   kNotFound: no mapping starts inside the range.
  Result<void> Unmap(uint64_t address, uint64_t size);

  // Gives the pages of [address, address + size) `permissions`. Errors: kInvalidArgument
  // (alignment, size 0, write and execute), kNotFound (part of the range is not mapped),
  // kAccessDenied (more than a mapping allows: what its handle's rights allowed at vm_map),
  // kNoMemory (tables to split a large page).
  Result<void> Protect(uint64_t address, uint64_t size, MapPermissions permissions);

  // Removes every mapping (a process that ended).
  void UnmapAll();


  arch::PageTableRoot* page_tables() { return &root_; }

 private:
  struct Mapping {
    uint64_t base;
    uint64_t size;
    RefPtr<MemoryObject> memory;
    uint64_t offset;
    MapPermissions permissions;
    MapPermissions allowed;  // the most vm_protect may grant (the handle's rights at vm_map)
    Mapping* next;           // ascending by base
  };

  Result<uint64_t> MapPinned(const RefPtr<MemoryObject>& memory, uint64_t offset, uint64_t size,
                             MapPermissions permissions, uint64_t address,
                             MapPermissions allowed);
  // Deletes a detached list of mappings, unpinning their objects.
  static void DropMappings(Mapping* list);

  AddressSpace(uint64_t mappings_base, uint64_t mappings_end);
  ~AddressSpace() override;

  // The first free gap of `size` bytes in the mapping window, or 0.
  uint64_t FindGapLocked(uint64_t size) const;
  bool OverlapsLocked(uint64_t base, uint64_t size) const;
  void UnmapPagesLocked(uint64_t base, uint64_t size);

  sync::Mutex lock_;
  KernelTableMemory table_memory_;
  arch::PageTableRoot root_{};
  arch::AddressSpaceTlbInvalidator tlb_{&root_.active_cpus};
  PageTable tables_;
  uint64_t mappings_base_;
  uint64_t mappings_end_;
  Mapping* mappings_ = nullptr;
};

}  // namespace raeen::kernel
