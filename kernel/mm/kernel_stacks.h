#pragma once
// Kernel stacks with guard pages: each stack is mapped in its own slot of the kernel stack
// area with an unmapped page below it, so an overflow faults instead of silently overwriting
// whatever lies beneath. Both calls are safe from any CPU: they run under the kernel
// address-space lock (kernel_address_space.h), and FreeKernelStack shoots the stack's
// translation down on every CPU, so it must not be called holding the heap or page-allocator
// lock (best: holding no spinlock, since the shootdown waits for every other CPU).

#include <stdint.h>

#include "kernel/debug/backtrace.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Stacks live in the kernel stack area at a random base (kernel/mm/kernel_layout.h).
inline constexpr uint64_t kKernelStackSlotSize = 64 * 1024;  // stack + guard, at most

// Allocates `size` bytes (a power of two, 4 KiB..60 KiB) of stack from the page allocator and
// maps it RW- NX in the next free slot of the kernel address space, leaving the page below
// unmapped. Errors: kInvalidArgument for a bad size, kNoMemory (also when the area is full),
// or the mapper's errors.
Result<StackRange> AllocateKernelStack(uint64_t size);

// Unmaps a stack from AllocateKernelStack and frees its pages; its slot is reused. The stack
// must not be in use (a thread frees its stack only after switching away from it for good).
// kInvalidArgument for a range that is not such a stack.
Result<void> FreeKernelStack(StackRange stack);

}  // namespace raeen::kernel
