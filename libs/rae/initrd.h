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

// Starts the initrd program `path` as `name`, giving it `bootstrap` (a channel end; it leaves
// this process) and `options` (sys::SpawnOptions). Returns the process handle. Errors:
// FindInitrdFile's, memory_create's, process_spawn's.
Result<sys::Handle> SpawnFromInitrd(rstd::Bytes initrd, rstd::StringView path,
                                    rstd::StringView name, sys::Handle bootstrap,
                                    uint32_t options);

}  // namespace raeen::rae
