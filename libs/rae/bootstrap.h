#pragma once
// The first message of a program the kernel starts itself (kernel/process/boot_programs.h):
// the tag "raeen-boot-2", a NUL, the kernel command line, and the handles [initrd memory
// object, root resource].

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

struct BootHandles {
  sys::Handle initrd;         // read, map: the initial ramdisk (a ustar archive)
  uint64_t initrd_size;
  sys::Handle root_resource;  // every hardware range; mints narrower resources
  rstd::StringView command_line;  // the kernel's, e.g. "loglevel=debug svc.start=a,b"
};

// The value of the last `key=value` word of a command line, or an empty view (and false).
bool CommandLineValue(rstd::StringView command_line, rstd::StringView key,
                      rstd::StringView* value);

// The kernel's message from the bootstrap channel, read at the first call. Errors: the
// channel's, kCorrupt for a message that is not the kernel's.
Result<BootHandles> ReceiveBootHandles();

}  // namespace raeen::rae
