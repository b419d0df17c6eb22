#include "services/vfsd/syscall_platform.h"

#include "libs/rae/runtime.h"

namespace raeen::vfsd {

uint64_t SyscallPlatform::NowNs() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return static_cast<uint64_t>(now);
}

Result<uint8_t*> SyscallPlatform::MapBuffer(uint32_t memory, uint64_t size) {
  uint64_t address = 0;
  const Status mapped = sys::VmMap(rae::SelfAddressSpace(), memory, 0, size,
                                   sys::VmPerms::kRead | sys::VmPerms::kWrite, &address);
  if (mapped != Status::kOk) return Error(mapped);
  return reinterpret_cast<uint8_t*>(address);
}

void SyscallPlatform::UnmapBuffer(uint8_t* address, uint64_t size) {
  (void)sys::VmUnmap(rae::SelfAddressSpace(), reinterpret_cast<uint64_t>(address), size);
}

void SyscallPlatform::CloseHandle(uint32_t handle) {
  (void)sys::HandleClose(handle);
}

}  // namespace raeen::vfsd
