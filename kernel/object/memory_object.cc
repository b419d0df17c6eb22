#include "kernel/object/memory_object.h"

#include "kernel/boot/boot_info.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

void FreeFrames(const uint64_t* pages, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) (void)PhysicalPages().FreePages(pages[i], 0);
}

}  // namespace

Result<RefPtr<MemoryObject>> MemoryObject::Create(uint64_t size) {
  if (size == 0 || size > kMaxSize) return Error(Status::kInvalidArgument);
  const uint64_t count = (size + kPageSize - 1) / kPageSize;
  AllocChecker checker;
  auto* pages = new (checker) uint64_t[count];
  if (!checker.Check()) return Error(Status::kNoMemory);
  for (uint64_t i = 0; i < count; ++i) {
    Result<uint64_t> page = PhysicalPages().AllocatePages(0, PageKind::kUser);
    if (!page.ok()) {
      FreeFrames(pages, i);
      delete[] pages;
      return Error(Status::kNoMemory);
    }
    __builtin_memset(PhysicalToVirtual<uint8_t>(*page), 0, kPageSize);
    pages[i] = *page;
  }
  auto* object = new (checker) MemoryObject(pages, count);
  if (!checker.Check()) {
    FreeFrames(pages, count);
    delete[] pages;
    return Error(Status::kNoMemory);
  }
  return RefPtr<MemoryObject>::Adopt(object);
}

MemoryObject::MemoryObject(uint64_t* pages, uint64_t page_count)
    : KernelObject(ObjectType::kMemoryObject, kDefaultRights, kValidRights),
      pages_(pages),
      page_count_(page_count) {}

MemoryObject::~MemoryObject() {
  FreeFrames(pages_, page_count_);
  delete[] pages_;
}

uint8_t* MemoryObject::PageData(uint64_t index) const {
  return PhysicalToVirtual<uint8_t>(pages_[index]);
}

Result<void> MemoryObject::Read(uint64_t offset, void* into, uint64_t size) const {
  if (offset > this->size() || size > this->size() - offset) return Error(Status::kOutOfRange);
  auto* to = static_cast<uint8_t*>(into);
  while (size != 0) {
    const uint64_t in_page = offset % kPageSize;
    const uint64_t chunk = rstd::Min(size, kPageSize - in_page);
    __builtin_memcpy(to, PageData(offset / kPageSize) + in_page, chunk);
    to += chunk;
    offset += chunk;
    size -= chunk;
  }
  return {};
}

Result<void> MemoryObject::Write(uint64_t offset, const void* from, uint64_t size) {
  if (offset > this->size() || size > this->size() - offset) return Error(Status::kOutOfRange);
  const auto* bytes = static_cast<const uint8_t*>(from);
  while (size != 0) {
    const uint64_t in_page = offset % kPageSize;
    const uint64_t chunk = rstd::Min(size, kPageSize - in_page);
    __builtin_memcpy(PageData(offset / kPageSize) + in_page, bytes, chunk);
    bytes += chunk;
    offset += chunk;
    size -= chunk;
  }
  return {};
}

}  // namespace raeen::kernel
