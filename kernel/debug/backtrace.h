#pragma once
// Frame-pointer backtraces. The kernel is built with -fno-omit-frame-pointer, so every frame
// starts with [saved rbp][return address]. A corrupt chain must not fault the panic path, so
// a frame is followed only while it lies inside a known stack and moves towards its top.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/span.h"

namespace raeen::kernel {

struct StackRange {
  uint64_t low;
  uint64_t high;  // exclusive
};

// Reads one 64-bit word at an address already checked to be inside a StackRange. The kernel
// reads memory directly; host tests map fake addresses onto a buffer.
using StackReader = uint64_t (*)(uint64_t address, void* context);

// Fills `out` with return addresses starting from the frame at `rbp` and returns how many.
size_t WalkFramePointers(uint64_t rbp, rstd::Span<const StackRange> stacks, StackReader read,
                         void* context, rstd::Span<uint64_t> out);

}  // namespace raeen::kernel
