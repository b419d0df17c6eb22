#include "kernel/debug/backtrace.h"

namespace raeen::kernel {
namespace {

const StackRange* FindStack(uint64_t address, rstd::Span<const StackRange> stacks) {
  for (const StackRange& stack : stacks) {
    // The frame needs 16 bytes: saved rbp and return address.
    if (address >= stack.low && stack.high >= 16 && address <= stack.high - 16) return &stack;
  }
  return nullptr;
}

}  // namespace

size_t WalkFramePointers(uint64_t rbp, rstd::Span<const StackRange> stacks, StackReader read,
                         void* context, rstd::Span<uint64_t> out) {
  size_t count = 0;
  const StackRange* stack = FindStack(rbp, stacks);
  while (count < out.size() && stack != nullptr && rbp % 8 == 0) {
    uint64_t return_address = read(rbp + 8, context);
    if (return_address == 0) break;
    out[count++] = return_address;
    uint64_t next = read(rbp, context);
    // Frames grow towards the top of the stack; anything else is a corrupt or looping chain.
    if (next <= rbp || next < stack->low || next > stack->high - 16) break;
    rbp = next;
  }
  return count;
}

}  // namespace raeen::kernel
