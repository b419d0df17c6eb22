// memory_create, memory_read, memory_write, memory_get_size, memory_set_size, vm_map,
// vm_unmap, vm_protect, memory_create_physical.

#include "kernel/console/framebuffer_handover.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/object/address_space.h"
#include "kernel/object/memory_object.h"
#include "kernel/object/resource.h"
#include "kernel/syscall/syscall_support.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

using ::raeen::sys::MemoryOptions;
using ::raeen::sys::VmPerms;

namespace {

// memory_read and memory_write copy through a kernel bounce buffer of this size.
constexpr uint64_t kCopyChunk = 512;

MapPermissions PermissionsOf(uint32_t perms) {
  return MapPermissions{.write = (perms & VmPerms::kWrite) != 0,
                        .execute = (perms & VmPerms::kExecute) != 0};
}

// memory_read/memory_write's checks before copying: a physical object is mapped, never
// copied (device registers); [offset, offset + count) inside the object; the user range.
Status CheckCopy(MemoryObject& object, uint64_t offset, uint64_t address, uint64_t count) {
  if (object.physical()) return Status::kBadState;
  const uint64_t size = object.size();
  if (offset > size || count > size - offset) return Status::kOutOfRange;
  return CheckUserRange(address, count) == Status::kOk ? Status::kOk : Status::kInvalidArgument;
}

}  // namespace

Status MemoryCreate(uint64_t size, uint32_t options, UserOut<HandleValue> memory) {
  if (size == 0 || (options & ~MemoryOptions::kResizable) != 0) return Status::kInvalidArgument;
  if (size > MemoryObject::kMaxSize) return Status::kOutOfRange;
  Process& caller = Caller();
  // Refused before a single page is allocated when the quota has no room.
  const uint64_t rounded = (size + MemoryObject::kPageSize - 1) & ~(MemoryObject::kPageSize - 1);
  if (rounded > caller.memory_quota().limit() - caller.memory_quota().used()) {
    return Status::kQuotaExceeded;
  }
  RAEEN_TRY_STATUS(RefPtr<MemoryObject> object,
                   MemoryObject::Create(size, (options & MemoryOptions::kResizable) != 0));
  if (Result<void> charged =
          object->ChargeTo(RefPtr<KernelObject>::Share(&caller), caller.memory_quota());
      !charged.ok()) {
    return charged.status();
  }
  return PublishHandle(rstd::Move(object), MemoryObject::kDefaultRights, memory);
}

Status MemoryCreatePhysical(HandleValue resource, uint64_t base, uint64_t size,
                            UserOut<HandleValue> memory) {
  RAEEN_TRY_STATUS(RefPtr<Resource> range,
                   LookUp<Resource>(resource, kMemoryCreatePhysicalResourceType,
                                    kMemoryCreatePhysicalResourceRights));
  // An I/O-port, irq or cpu resource names no physical addresses at all: its kind is part of
  // the type (as in interrupt_create).
  if (range->kind() != kernel::ResourceKind::kRoot &&
      range->kind() != kernel::ResourceKind::kMmio) {
    return Status::kWrongType;
  }
  if (size == 0 || base % MemoryObject::kPageSize != 0 || size % MemoryObject::kPageSize != 0) {
    return Status::kInvalidArgument;
  }
  if (size > MemoryObject::kMaxSize || !range->Covers(kernel::ResourceKind::kMmio, base, size)) {
    return Status::kOutOfRange;
  }
  // Refuses RAM (out_of_range) whatever the resource says: the root resource covers it too.
  RAEEN_TRY_STATUS(RefPtr<MemoryObject> object, MemoryObject::CreatePhysical(base, size));
  // No memory quota: the object holds no RAM. The handle counts against the handle quota.
  const Status published = PublishHandle(rstd::Move(object), MemoryObject::kPhysicalRights, memory);
  // A driver that maps the boot framebuffer owns it from now on: the log stops drawing there.
  if (published == Status::kOk) HandOverFramebufferIfOverlaps(base, size);
  return published;
}

Status MemoryRead(HandleValue memory, UserBytesOut buffer, uint64_t offset) {
  RAEEN_TRY_STATUS(RefPtr<MemoryObject> object,
                   LookUp<MemoryObject>(memory, kMemoryReadMemoryType, kMemoryReadMemoryRights));
  if (Status checked = CheckCopy(*object, offset, buffer.address, buffer.count);
      checked != Status::kOk) {
    return checked;
  }
  uint8_t chunk[kCopyChunk];
  for (uint64_t done = 0; done < buffer.count;) {
    const uint64_t step = rstd::Min(kCopyChunk, buffer.count - done);
    if (!object->Read(offset + done, chunk, step).ok()) return Status::kOutOfRange;  // shrunk
    if (Status copied = CopyOut(buffer.address + done, chunk, step); copied != Status::kOk) {
      return copied;
    }
    done += step;
  }
  return Status::kOk;
}

Status MemoryWrite(HandleValue memory, UserBytesIn buffer, uint64_t offset) {
  RAEEN_TRY_STATUS(RefPtr<MemoryObject> object,
                   LookUp<MemoryObject>(memory, kMemoryWriteMemoryType, kMemoryWriteMemoryRights));
  if (Status checked = CheckCopy(*object, offset, buffer.address, buffer.count);
      checked != Status::kOk) {
    return checked;
  }
  uint8_t chunk[kCopyChunk];
  for (uint64_t done = 0; done < buffer.count;) {
    const uint64_t step = rstd::Min(kCopyChunk, buffer.count - done);
    if (Status copied = CopyIn(chunk, buffer.address + done, step); copied != Status::kOk) {
      return copied;
    }
    if (!object->Write(offset + done, chunk, step).ok()) return Status::kOutOfRange;
    done += step;
  }
  return Status::kOk;
}

Status MemoryGetSize(HandleValue memory, UserOut<uint64_t> size) {
  RAEEN_TRY_STATUS(
      RefPtr<MemoryObject> object,
      LookUp<MemoryObject>(memory, kMemoryGetSizeMemoryType, kMemoryGetSizeMemoryRights));
  return CopyOut(size, object->size());
}

Status MemorySetSize(HandleValue memory, uint64_t size) {
  RAEEN_TRY_STATUS(
      RefPtr<MemoryObject> object,
      LookUp<MemoryObject>(memory, kMemorySetSizeMemoryType, kMemorySetSizeMemoryRights));
  if (size == 0) return Status::kBadState;  // an object never becomes empty
  return object->Resize(size).status();
}

Status VmMap(HandleValue address_space, HandleValue memory, uint64_t offset, uint64_t length,
             uint32_t perms, UserOut<uint64_t> address) {
  RAEEN_TRY_STATUS(
      RefPtr<AddressSpace> space,
      LookUp<AddressSpace>(address_space, kVmMapAddressSpaceType, kVmMapAddressSpaceRights));
  RAEEN_TRY_STATUS(HandleEntry entry, Caller().WithHandles([&](HandleTable& table) {
    return table.Get(memory, kVmMapMemoryType, kVmMapMemoryRights);
  }));
  if ((perms & ~(VmPerms::kRead | VmPerms::kWrite | VmPerms::kExecute)) != 0 ||
      ((perms & VmPerms::kWrite) != 0 && (perms & VmPerms::kExecute) != 0)) {
    return Status::kInvalidArgument;
  }
  // A mapping may never do more than the handle allows, now or after vm_protect.
  const MapPermissions allowed{.write = entry.rights.Has(Rights::kWrite),
                               .execute = entry.rights.Has(Rights::kExecute)};
  const MapPermissions wanted = PermissionsOf(perms);
  if ((wanted.write && !allowed.write) || (wanted.execute && !allowed.execute) ||
      ((perms & VmPerms::kRead) != 0 && !entry.rights.Has(Rights::kRead))) {
    return Status::kAccessDenied;
  }
  RefPtr<MemoryObject> object =
      RefPtr<MemoryObject>::Adopt(static_cast<MemoryObject*>(entry.object.Leak()));
  RAEEN_TRY_STATUS(uint64_t mapped, space->Map(object, offset, length, wanted, 0, allowed));
  if (Status copied = CopyOut(address, mapped); copied != Status::kOk) {
    (void)space->Unmap(mapped, length);
    return copied;
  }
  return Status::kOk;
}

Status VmUnmap(HandleValue address_space, uint64_t address, uint64_t length) {
  RAEEN_TRY_STATUS(
      RefPtr<AddressSpace> space,
      LookUp<AddressSpace>(address_space, kVmUnmapAddressSpaceType, kVmUnmapAddressSpaceRights));
  return space->Unmap(address, length).status();
}

Status VmProtect(HandleValue address_space, uint64_t address, uint64_t length, uint32_t perms) {
  RAEEN_TRY_STATUS(RefPtr<AddressSpace> space,
                   LookUp<AddressSpace>(address_space, kVmProtectAddressSpaceType,
                                        kVmProtectAddressSpaceRights));
  if ((perms & ~(VmPerms::kRead | VmPerms::kWrite | VmPerms::kExecute)) != 0) {
    return Status::kInvalidArgument;
  }
  return space->Protect(address, length, PermissionsOf(perms)).status();
}

}  // namespace raeen::kernel::sys
