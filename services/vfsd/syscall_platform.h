#pragma once
// VfsPlatform over the real syscalls, for the programs that run a VfsServer (vfsd itself and
// apps/bench/bench_vfs). User space only: the host tests have their own fake.

#include "services/vfsd/vfs_server.h"

namespace raeen::vfsd {

class SyscallPlatform final : public VfsPlatform {
 public:
  // clock_monotonic: RaeenOS has no wall clock yet.
  uint64_t NowNs() override;
  // vm_map into this process, read-write.
  Result<uint8_t*> MapBuffer(uint32_t memory, uint64_t size) override;
  void UnmapBuffer(uint8_t* address, uint64_t size) override;
  void CloseHandle(uint32_t handle) override;
};

}  // namespace raeen::vfsd
