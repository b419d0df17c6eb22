#pragma once
// The kernel's own address space, replacing the loader's initial page tables: the kernel image
// with per-segment permissions (text R-X, rodata R--, data and bss RW-, all NX but text), the
// boot stack with its unmapped guard page below, and the direct map of every memory-map range
// and the framebuffer (RW-, NX). Everything is global; the lower half is empty, so the
// loader's identity-mapped trampoline page is gone.

#include <raeen/handoff.h>

#include "kernel/mm/page_table.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Builds the tables and loads them into CR3. Errors (no memory for tables, a memory map
// without the boot stack) leave the loader's tables in place.
Result<void> SwitchToKernelAddressSpace(const boot::Handoff& handoff, bool pages_1g);

// The kernel's address space; valid after SwitchToKernelAddressSpace succeeded.
PageTable& KernelAddressSpace();

}  // namespace raeen::kernel
