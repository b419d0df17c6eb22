#pragma once

#include <stdint.h>

namespace raeen::kernel::arch {

// How many int3 breakpoints the kernel has handled and resumed from.
uint64_t BreakpointCount();

}  // namespace raeen::kernel::arch
