#include "kernel/object/memory_object.h"

#include "kernel/boot/boot_info.h"
#include "kernel/debug/panic.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/physical_memory_stats.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

void FreeFrames(const uint64_t* pages, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) (void)PhysicalPages().FreePages(pages[i], 0);
}

// Fills pages[from, to) with zeroed frames; on failure frees what it took and says kNoMemory.
Result<void> AllocateFrames(uint64_t* pages, uint64_t from, uint64_t to) {
  for (uint64_t i = from; i < to; ++i) {
    Result<uint64_t> page = PhysicalPages().AllocatePages(0, PageKind::kUser);
    if (!page.ok()) {
      FreeFrames(pages + from, i - from);
      return Error(Status::kNoMemory);
    }
    __builtin_memset(PhysicalToVirtual<uint8_t>(*page), 0, MemoryObject::kPageSize);
    pages[i] = *page;
  }
  return {};
}

uint64_t PagesFor(uint64_t size) {
  return (size + MemoryObject::kPageSize - 1) / MemoryObject::kPageSize;
}

}  // namespace

Result<RefPtr<MemoryObject>> MemoryObject::Create(uint64_t size, bool resizable) {
  if (size == 0) return Error(Status::kInvalidArgument);
  if (size > kMaxSize) return Error(Status::kOutOfRange);
  const uint64_t count = PagesFor(size);
  AllocChecker checker;
  auto* pages = new (checker) uint64_t[count];
  if (!checker.Check()) return Error(Status::kNoMemory);
  if (Result<void> filled = AllocateFrames(pages, 0, count); !filled.ok()) {
    delete[] pages;
    return Error(filled.status());
  }
  auto* object = new (checker) MemoryObject(pages, count, resizable);
  if (!checker.Check()) {
    FreeFrames(pages, count);
    delete[] pages;
    return Error(Status::kNoMemory);
  }
  return RefPtr<MemoryObject>::Adopt(object);
}

Result<RefPtr<MemoryObject>> MemoryObject::CreatePhysical(uint64_t base, uint64_t size) {
  if (size == 0 || base % kPageSize != 0 || size % kPageSize != 0) {
    return Error(Status::kInvalidArgument);
  }
  if (size > kMaxSize) return Error(Status::kOutOfRange);
  // The boot memory map names every byte of RAM the kernel manages (the allocator's memory,
  // the kernel image, firmware memory); the kernel keeps a copy of it for its whole life.
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  const rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count);
  if (OverlapsRam(map, base, size)) return Error(Status::kOutOfRange);
  AllocChecker checker;
  auto* object = new (checker) MemoryObject(base, size / kPageSize);
  if (!checker.Check()) return Error(Status::kNoMemory);
  return RefPtr<MemoryObject>::Adopt(object);
}

MemoryObject::MemoryObject(uint64_t* pages, uint64_t page_count, bool resizable)
    : KernelObject(ObjectType::kMemoryObject, kDefaultRights, kValidRights),
      pages_(pages),
      physical_(false),
      physical_base_(0),
      page_count_(page_count),
      resizable_(resizable) {}

MemoryObject::MemoryObject(uint64_t physical_base, uint64_t page_count)
    : KernelObject(ObjectType::kMemoryObject, kPhysicalRights, kPhysicalRights),
      pages_(nullptr),
      physical_(true),
      physical_base_(physical_base),
      page_count_(page_count),
      resizable_(false) {}

MemoryObject::~MemoryObject() {
  if (quota_ != nullptr) quota_->Release(page_count_ * kPageSize);
  // A physical object's frames are the device's: nothing to free.
  if (physical()) return;
  FreeFrames(pages_, page_count_);
  delete[] pages_;
}

Result<void> MemoryObject::ChargeTo(RefPtr<KernelObject> owner, Quota& quota) {
  sync::MutexGuard guard(lock_);
  if (quota_ != nullptr) return Error(Status::kBadState);
  RAEEN_TRY(quota.Charge(page_count_ * kPageSize));
  quota_owner_ = rstd::Move(owner);
  quota_ = &quota;
  return {};
}

uint64_t MemoryObject::size() {
  sync::MutexGuard guard(lock_);
  return page_count_ * kPageSize;
}

uint64_t MemoryObject::PagePhysical(uint64_t index) {
  if (physical()) return physical_base_ + index * kPageSize;  // fixed for the object's life
  sync::MutexGuard guard(lock_);
  return pages_[index];
}

uint8_t* MemoryObject::PageData(uint64_t index) {
  RAEEN_ASSERT(!physical());
  return PhysicalToVirtual<uint8_t>(PagePhysical(index));
}

void MemoryObject::AddMapping() {
  sync::MutexGuard guard(lock_);
  ++mappings_;
}

void MemoryObject::RemoveMapping() {
  sync::MutexGuard guard(lock_);
  --mappings_;
}

Result<void> MemoryObject::Resize(uint64_t size) {
  if (size == 0) return Error(Status::kInvalidArgument);
  if (size > kMaxSize) return Error(Status::kOutOfRange);
  const uint64_t count = PagesFor(size);
  sync::MutexGuard guard(lock_);
  if (!resizable_ || (count < page_count_ && mappings_ != 0)) return Error(Status::kBadState);
  if (count == page_count_) return {};
  AllocChecker checker;
  auto* pages = new (checker) uint64_t[count];
  if (!checker.Check()) return Error(Status::kNoMemory);
  const uint64_t kept = rstd::Min(count, page_count_);
  __builtin_memcpy(pages, pages_, kept * sizeof(uint64_t));
  if (count > page_count_) {
    if (quota_ != nullptr) {
      if (Result<void> charged = quota_->Charge((count - page_count_) * kPageSize);
          !charged.ok()) {
        delete[] pages;
        return charged;
      }
    }
    if (Result<void> filled = AllocateFrames(pages, page_count_, count); !filled.ok()) {
      if (quota_ != nullptr) quota_->Release((count - page_count_) * kPageSize);
      delete[] pages;
      return filled;
    }
  } else {
    FreeFrames(pages_ + count, page_count_ - count);
    if (quota_ != nullptr) quota_->Release((page_count_ - count) * kPageSize);
  }
  delete[] pages_;
  pages_ = pages;
  page_count_ = count;
  return {};
}

Result<void> MemoryObject::Read(uint64_t offset, void* into, uint64_t size) {
  if (physical()) return Error(Status::kBadState);
  sync::MutexGuard guard(lock_);
  if (offset > page_count_ * kPageSize || size > page_count_ * kPageSize - offset) {
    return Error(Status::kOutOfRange);
  }
  auto* to = static_cast<uint8_t*>(into);
  while (size != 0) {
    const uint64_t in_page = offset % kPageSize;
    const uint64_t chunk = rstd::Min(size, kPageSize - in_page);
    __builtin_memcpy(to, PhysicalToVirtual<uint8_t>(pages_[offset / kPageSize]) + in_page, chunk);
    to += chunk;
    offset += chunk;
    size -= chunk;
  }
  return {};
}

Result<void> MemoryObject::Write(uint64_t offset, const void* from, uint64_t size) {
  if (physical()) return Error(Status::kBadState);
  sync::MutexGuard guard(lock_);
  if (offset > page_count_ * kPageSize || size > page_count_ * kPageSize - offset) {
    return Error(Status::kOutOfRange);
  }
  const auto* bytes = static_cast<const uint8_t*>(from);
  while (size != 0) {
    const uint64_t in_page = offset % kPageSize;
    const uint64_t chunk = rstd::Min(size, kPageSize - in_page);
    __builtin_memcpy(PhysicalToVirtual<uint8_t>(pages_[offset / kPageSize]) + in_page, bytes,
                     chunk);
    bytes += chunk;
    offset += chunk;
    size -= chunk;
  }
  return {};
}

}  // namespace raeen::kernel
