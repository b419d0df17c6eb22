#include "kernel/object/address_space.h"

#include "kernel/boot/boot_info.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/process/user_layout.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kPageSize = MemoryObject::kPageSize;

bool PageAligned(uint64_t value) { return value % kPageSize == 0; }

}  // namespace

Result<RefPtr<AddressSpace>> AddressSpace::Create(uint64_t mappings_base, uint64_t mappings_end) {
  AllocChecker checker;
  auto* space = new (checker) AddressSpace(mappings_base, mappings_end);
  if (!checker.Check()) return Error(Status::kNoMemory);
  RefPtr<AddressSpace> owned = RefPtr<AddressSpace>::Adopt(space);
  Result<PageTable> tables =
      KernelAddressSpace().CreateUserTables(space->table_memory_, space->table_memory_,
                                            space->tlb_);
  if (!tables.ok()) return Error(tables.status());
  space->tables_ = rstd::Move(*tables);
  space->root_.cr3 = space->tables_.root();
  return owned;
}

AddressSpace::AddressSpace(uint64_t mappings_base, uint64_t mappings_end)
    : KernelObject(ObjectType::kAddressSpace, kDefaultRights, kValidRights),
      table_memory_(PhysicalPages(), GetBootInfo().handoff->direct_map_base),
      mappings_base_(mappings_base),
      mappings_end_(mappings_end) {}

AddressSpace::~AddressSpace() {
  // No thread runs in it any more (each held a reference to its process, which holds this),
  // so no CPU has the tables loaded: nothing to shoot down.
  DropMappings(mappings_);
  mappings_ = nullptr;
  tables_.FreeAllTables();
}

void AddressSpace::DropMappings(Mapping* list) {
  while (list != nullptr) {
    Mapping* next = list->next;
    list->memory->RemoveMapping();
    delete list;
    list = next;
  }
}

Result<uint64_t> AddressSpace::Map(const RefPtr<MemoryObject>& memory, uint64_t offset,
                                   uint64_t size, MapPermissions permissions, uint64_t address,
                                   MapPermissions allowed) {
  if (!PageAligned(offset) || !PageAligned(size) || !PageAligned(address) || size == 0 ||
      (permissions.write && permissions.execute)) {
    return Error(Status::kInvalidArgument);
  }
  // Pinned from here: the object cannot shrink under the checks below or the mapping.
  memory->AddMapping();
  const uint64_t memory_size = memory->size();
  if (offset > memory_size || size > memory_size - offset) {
    memory->RemoveMapping();
    return Error(Status::kOutOfRange);
  }
  Result<uint64_t> mapped = MapPinned(memory, offset, size, permissions, address, allowed);
  if (!mapped.ok()) memory->RemoveMapping();
  return mapped;
}

Result<uint64_t> AddressSpace::MapPinned(const RefPtr<MemoryObject>& memory, uint64_t offset,
                                         uint64_t size, MapPermissions permissions,
                                         uint64_t address, MapPermissions allowed) {
  if (address != 0 && (address < kUserBase || address > kUserTop || size > kUserTop - address)) {
    return Error(Status::kOutOfRange);
  }
  AllocChecker checker;
  auto* mapping = new (checker) Mapping{0, size, memory, offset, permissions, allowed, nullptr};
  if (!checker.Check()) return Error(Status::kNoMemory);

  sync::MutexGuard guard(lock_);
  if (address == 0) {
    address = FindGapLocked(size);
    if (address == 0) {
      delete mapping;
      return Error(Status::kNoMemory);
    }
  } else if (OverlapsLocked(address, size)) {
    delete mapping;
    return Error(Status::kAlreadyExists);
  }
  // Device registers (a physical object) must not be cached [Intel SDM vol. 3A, 11.3].
  const Protection protection{.writable = permissions.write,
                              .executable = permissions.execute,
                              .user = true,
                              .cache = memory->cache_mode()};
  // The object's pages are not contiguous: one call per page, undone on failure.
  for (uint64_t mapped = 0; mapped < size; mapped += kPageSize) {
    const uint64_t phys = memory->PagePhysical((offset + mapped) / kPageSize);
    Result<void> result = tables_.Map(address + mapped, phys, kPageSize, protection);
    if (!result.ok()) {
      if (mapped != 0) UnmapPagesLocked(address, mapped);
      delete mapping;
      return Error(result.status());
    }
  }
  mapping->base = address;
  Mapping** link = &mappings_;
  while (*link != nullptr && (*link)->base < address) link = &(*link)->next;
  mapping->next = *link;
  *link = mapping;
  return address;
}

Result<void> AddressSpace::Unmap(uint64_t address, uint64_t size) {
  uint64_t end = 0;
  if (!PageAligned(address) || !PageAligned(size) || size == 0 ||
      __builtin_add_overflow(address, size, &end)) {
    return Error(Status::kInvalidArgument);
  }
  Mapping* removed = nullptr;
  {
    sync::MutexGuard guard(lock_);
    for (Mapping* m = mappings_; m != nullptr; m = m->next) {
      const bool starts_inside = m->base >= address && m->base < end;
      const bool ends_inside = m->base + m->size > address && m->base + m->size <= end;
      if (starts_inside != ends_inside || (m->base < address && m->base + m->size > end)) {
        return Error(Status::kInvalidArgument);  // would cut a mapping in two
      }
    }
    Mapping** link = &mappings_;
    while (*link != nullptr) {
      Mapping* m = *link;
      if (m->base >= address && m->base + m->size <= end) {
        UnmapPagesLocked(m->base, m->size);
        *link = m->next;
        m->next = removed;
        removed = m;
      } else {
        link = &m->next;
      }
    }
  }
  if (removed == nullptr) return Error(Status::kNotFound);
  // The memory objects are released outside the lock: a last reference frees pages.
  DropMappings(removed);
  return {};
}

void AddressSpace::UnmapAll() {
  Mapping* removed = nullptr;
  {
    sync::MutexGuard guard(lock_);
    for (Mapping* m = mappings_; m != nullptr; m = m->next) UnmapPagesLocked(m->base, m->size);
    removed = mappings_;
    mappings_ = nullptr;
  }
  DropMappings(removed);
}

Result<void> AddressSpace::Protect(uint64_t address, uint64_t size, MapPermissions permissions) {
  uint64_t end = 0;
  if (!PageAligned(address) || !PageAligned(size) || size == 0 ||
      __builtin_add_overflow(address, size, &end) ||
      (permissions.write && permissions.execute)) {
    return Error(Status::kInvalidArgument);
  }
  sync::MutexGuard guard(lock_);
  // Every page of the range must be mapped, by mappings that allow `permissions`.
  uint64_t at = address;
  for (Mapping* m = mappings_; m != nullptr && at < end; m = m->next) {
    if (m->base + m->size <= at) continue;
    if (m->base > at) return Error(Status::kNotFound);
    if ((permissions.write && !m->allowed.write) || (permissions.execute && !m->allowed.execute)) {
      return Error(Status::kAccessDenied);
    }
    at = m->base + m->size;
  }
  if (at < end) return Error(Status::kNotFound);
  // One call per mapping: each keeps its object's cache mode (Protect sets it too). Map made
  // every page 4 KiB, so no call splits a large page and none can fail for lack of memory.
  for (Mapping* m = mappings_; m != nullptr; m = m->next) {
    if (m->base >= end || address >= m->base + m->size) continue;
    const uint64_t from = rstd::Max(address, m->base);
    const uint64_t to = rstd::Min(end, m->base + m->size);
    const Protection protection{.writable = permissions.write,
                                .executable = permissions.execute,
                                .user = true,
                                .cache = m->memory->cache_mode()};
    RAEEN_TRY(tables_.Protect(from, to - from, protection));
    // A mapping the range covers in part keeps one set of permissions: the new one (the
    // tables hold the truth per page).
    m->permissions = permissions;
  }
  return {};
}

uint64_t AddressSpace::FindGapLocked(uint64_t size) const {
  uint64_t candidate = mappings_base_;
  for (Mapping* m = mappings_; m != nullptr; m = m->next) {
    if (m->base + m->size <= candidate) continue;
    if (m->base >= mappings_end_) break;
    if (m->base >= candidate && m->base - candidate >= size) break;
    candidate = m->base + m->size;
  }
  if (candidate >= mappings_end_ || size > mappings_end_ - candidate) return 0;
  return candidate;
}

bool AddressSpace::OverlapsLocked(uint64_t base, uint64_t size) const {
  for (Mapping* m = mappings_; m != nullptr; m = m->next) {
    if (m->base < base + size && base < m->base + m->size) return true;
  }
  return false;
}

void AddressSpace::UnmapPagesLocked(uint64_t base, uint64_t size) {
  // Unmapping 4 KiB pages that Map made never needs a table page, so it cannot fail.
  Result<void> result = tables_.Unmap(base, size);
  if (!result.ok()) {
    Panic("address space: unmap of {:#x}+{:#x} failed ({})", base, size, result.status());
  }
}

}  // namespace raeen::kernel
