#pragma once
// The register state saved by interrupt_entry.S, lowest address first.

#include <stdint.h>

namespace raeen::kernel::arch {

struct InterruptFrame {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector;
  uint64_t error_code;  // 0 for exceptions without one
  // Pushed by the CPU [Intel SDM vol. 3A, 6.14.1].
  uint64_t rip, cs, rflags, rsp, ss;
};
static_assert(sizeof(InterruptFrame) == 22 * 8);

}  // namespace raeen::kernel::arch
