#pragma once
// The capabilities a manifest can grant, by name, and how svcmgr makes each one from the
// boot handles (the initrd and the root resource). Each grant is a new handle with only the
// rights the service needs; a minted resource never carries `manage`, so a service cannot
// mint further.
//
//   initrd        the initrd memory object (read, map)
//   serial-ports  I/O ports 0x3f8..0x3ff (COM1)
//   serial-irq    interrupt line 4 (COM1)
//   ps2-ports     I/O ports 0x60..0x64 (the i8042 keyboard controller)
//   ps2-irq       interrupt line 1 (keyboard)
//   kernel-log    reading the kernel log (log_read)
//   framebuffer   mmio over the boot framebuffer's pages (object_get_info(framebuffer) on the
//                 root resource tells where); not_found when the boot had none. Creating
//                 memory over it hands the screen over from the kernel's log to the holder.

#include "libs/rae/bootstrap.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::svcmgr {

bool IsKnownCapability(rstd::StringView name);

// A new handle for the capability `name`. Errors: kNotFound (no such capability, or no
// framebuffer for `framebuffer`), kCorrupt (a framebuffer description that wraps), the
// syscalls' (handle_duplicate, resource_create, object_get_info).
Result<sys::Handle> MintCapability(rstd::StringView name, const rae::BootHandles& boot);

}  // namespace raeen::svcmgr
