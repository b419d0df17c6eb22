#pragma once
// The first message of a program the kernel starts itself (kernel/process/boot_programs.h):
// the tag "raeen-boot-1" and the handles [initrd memory object, root resource].

#include "libs/rstd/result.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

struct BootHandles {
  sys::Handle initrd;         // read, map: the initial ramdisk (a ustar archive)
  uint64_t initrd_size;
  sys::Handle root_resource;  // every hardware range; mints narrower resources
};

// The kernel's message from the bootstrap channel, read at the first call. Errors: the
// channel's, kCorrupt for a message that is not the kernel's.
Result<BootHandles> ReceiveBootHandles();

}  // namespace raeen::rae
