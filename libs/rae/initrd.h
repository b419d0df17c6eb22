#pragma once
// The initial ramdisk seen from user space: the kernel's initrd memory object mapped
// read-only, read with libs/archive's ustar reader. (vfsd will serve it as files; until then
// programs that start others look their images up here.)

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

// Maps `size` bytes of `memory` read-only into this process. Errors: vm_map's.
Result<rstd::Bytes> MapReadOnly(sys::Handle memory, uint64_t size);

// The bytes of the regular file `path` ("bin/hello") in the mapped archive. Errors: kNotFound,
// the reader's (kCorrupt, kOutOfRange, kUnsupported).
Result<rstd::Bytes> FindInitrdFile(rstd::Bytes initrd, rstd::StringView path);

// The initrd of a program the kernel started (its boot handles), mapped at the first call.
Result<rstd::Bytes> BootInitrd();

// A program started with a fresh channel: the process and this side's end of the channel.
struct Child {
  sys::Handle process;
  sys::Handle channel;
};

// Starts the initrd program `path` as `name` (`options`: sys::SpawnOptions) with the other end
// of a new channel as its bootstrap. Errors: BootInitrd's, channel_create's, SpawnFromInitrd's.
Result<Child> StartChild(rstd::StringView path, rstd::StringView name, uint32_t options);

// A new process's limits (process_spawn); 0 takes the spawner's own.
struct SpawnLimits {
  uint64_t memory_bytes = 0;
  uint32_t handles = 0;
  uint32_t threads = 0;
};

// Starts the initrd program `path` as `name`, giving it `bootstrap` (a channel end; it leaves
// this process), `options` (sys::SpawnOptions) and `limits`. Returns the process handle.
// Errors: FindInitrdFile's, memory_create's, process_spawn's.
Result<sys::Handle> SpawnFromInitrd(rstd::Bytes initrd, rstd::StringView path,
                                    rstd::StringView name, sys::Handle bootstrap,
                                    uint32_t options, const SpawnLimits& limits = {});

}  // namespace raeen::rae
