#pragma once
// Device registers (local APIC, I/O APIC, HPET, ...) mapped into the kernel's MMIO window (at
// a random base, kernel/mm/kernel_layout.h):
// uncached, RW-, NX, global, each mapping with an unmapped page after it so that a register
// offset past the end faults instead of reaching the next device. Safe from any CPU (under the
// kernel address-space lock).

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel {

// Maps [phys, phys + size) and returns the virtual address of `phys` itself (not page
// aligned when phys is not). Errors: kInvalidArgument for size 0 or a range that wraps,
// kNoMemory when the window is full or page tables cannot be allocated.
Result<uint64_t> MapMmio(uint64_t phys, uint64_t size);

}  // namespace raeen::kernel
