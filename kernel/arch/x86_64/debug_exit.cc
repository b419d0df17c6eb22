#include "kernel/arch/x86_64/debug_exit.h"

namespace raeen::kernel::arch {

void DebugExit(DebugExitCode code) {
  asm volatile("outl %0, %1" : : "a"(static_cast<uint32_t>(code)), "Nd"(uint16_t{0xf4}));
}

}  // namespace raeen::kernel::arch
