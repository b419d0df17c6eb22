#pragma once
// Where the kernel's own virtual areas go. The kernel half of the address space is:
//
//   0xffff800000000000  direct map region (96 TiB): the direct map at a random 1 GiB aligned
//                       base chosen by the loader (raeen/handoff.h); the kernel heap, slab
//                       caches and page tables live in the direct map
//   0xffffe00000000000  kernel areas (31.5 TiB): the kernel stack area and the MMIO window,
//                       each kKernelAreaSize bytes at a random 1 GiB aligned base, not
//                       overlapping, chosen here at boot
//   0xffffff8000000000  the last PML4 slot: the kernel image at a random 2 MiB slot of its
//                       top 2 GiB (boot/uefi/kaslr.h)
//
// docs/kaslr.md gives the entropy of each base and the rules that keep them secret.

#include <stdint.h>

#include "boot/uefi/kaslr.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

inline constexpr uint64_t kKernelAreasBase = 0xffffe00000000000;
inline constexpr uint64_t kKernelAreasEnd = 0xffffff8000000000;
inline constexpr uint64_t kKernelAreaSize = 64ull << 30;
inline constexpr uint64_t kKernelAreaAlignment = 1ull << 30;

struct KernelLayout {
  uint64_t stack_area_base;
  uint64_t mmio_window_base;
};

// How many 1 GiB aligned bases an area of kKernelAreaSize has in the kernel areas.
uint64_t KernelAreaSlotCount();

// Two bases drawn uniformly from `random`, the second redrawn while it overlaps the first.
// Errors of the source pass through; kTimedOut if it keeps producing overlaps.
Result<KernelLayout> ChooseKernelLayout(boot::RandomSource& random);

// The layout every part of the kernel uses; set once at boot, before the first stack or MMIO
// mapping. Until then it is the lowest possible layout (stack area first, MMIO right after).
void SetKernelLayout(const KernelLayout& layout);
const KernelLayout& GetKernelLayout();

}  // namespace raeen::kernel
