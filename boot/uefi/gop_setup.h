#pragma once
// Setting up the framebuffer through EFI_GRAPHICS_OUTPUT_PROTOCOL [UEFI 2.10, 12.9]: list the
// modes, choose one (gop_mode_chooser.h), switch to it if it is not already current, and
// describe the result for the hand-off. A machine without a usable GOP still boots: the kernel
// then gets PixelFormat::kNone and uses the serial console.

#include <raeen/handoff.h>

#include "boot/uefi/boot_config.h"
#include "boot/uefi/boot_log.h"
#include "boot/uefi/efi/system_table.h"

namespace raeen::boot {

// Never fails: every problem is a warning in `log` and a framebuffer of format kNone.
Framebuffer SetUpFramebuffer(efi::BootServices* boot_services, const BootConfig& config,
                             BootLog& log);

}  // namespace raeen::boot
