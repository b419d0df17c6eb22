#pragma once
// The kernel's memory at run time: the physical page allocator over the boot memory map and
// the general kernel heap on top of it. Boot code calls InitKernelMemory once; everything else
// reaches the two through PhysicalPages() and KernelHeapInstance(), and allocates objects with
// `new (checker) T(...)` (kernel/mm/alloc_checker.h).

#include <raeen/handoff.h>

#include "kernel/mm/buddy_allocator.h"
#include "kernel/mm/kernel_heap.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Builds the buddy allocator from the handoff's (checked) memory map: free RAM becomes
// allocatable, everything else is recorded by kind; then the heap. Errors: those of
// PlanBuddyMemory / AddBootMemory (no RAM, no room for the metadata, a malformed map).
Result<void> InitKernelMemory(const boot::Handoff& handoff);

// Valid after InitKernelMemory succeeded.
BuddyAllocator& PhysicalPages();
KernelHeap& KernelHeapInstance();

}  // namespace raeen::kernel
