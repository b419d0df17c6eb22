#pragma once
// Device registers (local APIC, I/O APIC, HPET, ...) mapped into the kernel's MMIO window:
// uncached, RW-, NX, global, each mapping with an unmapped page after it so that a register
// offset past the end faults instead of reaching the next device.

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel {

// One PML4 slot (512 GiB) below the kernel stack area.
inline constexpr uint64_t kMmioWindowBase = 0xfffffe8000000000;
inline constexpr uint64_t kMmioWindowSize = 512ull << 30;

// Maps [phys, phys + size) and returns the virtual address of `phys` itself (not page
// aligned when phys is not). Errors: kInvalidArgument for size 0 or a range that wraps,
// kNoMemory when the window is full or page tables cannot be allocated.
Result<uint64_t> MapMmio(uint64_t phys, uint64_t size);

}  // namespace raeen::kernel
