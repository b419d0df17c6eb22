#include "kernel/object/resource.h"

#include "kernel/mm/alloc_checker.h"

namespace raeen::kernel {
namespace {

uint64_t LimitOf(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kIoPort: return Resource::kIoPortLimit;
    case ResourceKind::kMmio: return Resource::kMmioLimit;
    case ResourceKind::kIrq: return Resource::kIrqLimit;
    case ResourceKind::kCpu: return Resource::kCpuLimit;
    case ResourceKind::kKernelLog: return Resource::kKernelLogLimit;
    case ResourceKind::kRoot: return 0;
  }
  return 0;
}

}  // namespace

Result<RefPtr<Resource>> Resource::CreateRoot() {
  AllocChecker checker;
  auto* root = new (checker) Resource(ResourceKind::kRoot, 0, 0);
  if (!checker.Check()) return Error(Status::kNoMemory);
  return RefPtr<Resource>::Adopt(root);
}

Resource::Resource(ResourceKind kind, uint64_t base, uint64_t size)
    : KernelObject(ObjectType::kResource, kValidRights, kValidRights),
      kind_(kind),
      base_(base),
      size_(size) {}

bool Resource::Covers(ResourceKind kind, uint64_t base, uint64_t size) const {
  if (kind == ResourceKind::kRoot || size == 0) return false;
  const uint64_t limit = LimitOf(kind);
  if (base > limit || size > limit - base) return false;
  if (kind_ == ResourceKind::kRoot) return true;
  return kind == kind_ && base >= base_ && size <= size_ && base - base_ <= size_ - size;
}

Result<RefPtr<Resource>> Resource::Mint(ResourceKind kind, uint64_t base, uint64_t size) const {
  if (kind == ResourceKind::kRoot || size == 0) return Error(Status::kInvalidArgument);
  if (!Covers(kind, base, size)) return Error(Status::kOutOfRange);
  AllocChecker checker;
  auto* minted = new (checker) Resource(kind, base, size);
  if (!checker.Check()) return Error(Status::kNoMemory);
  return RefPtr<Resource>::Adopt(minted);
}

}  // namespace raeen::kernel
