// ioport_enable.

#include "kernel/object/resource.h"
#include "kernel/syscall/syscall_support.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

Status IoportEnable(HandleValue resource, uint16_t base, uint16_t count) {
  RAEEN_TRY_STATUS(RefPtr<Resource> ports, LookUp<Resource>(resource, kIoportEnableResourceType,
                                                            kIoportEnableResourceRights));
  if (ports->kind() != kernel::ResourceKind::kIoPort &&
      ports->kind() != kernel::ResourceKind::kRoot) {
    return Status::kWrongType;
  }
  if (count == 0 || uint32_t{base} + count > Resource::kIoPortLimit) {
    return Status::kInvalidArgument;
  }
  if (!ports->Covers(kernel::ResourceKind::kIoPort, base, count)) return Status::kOutOfRange;
  return Caller().AllowIoPorts(base, count).status();
}

}  // namespace raeen::kernel::sys
