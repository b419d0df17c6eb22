#include "kernel/log/log.h"

#include <stdint.h>

namespace raeen::kernel {
namespace {

// In .bss; the kernel has no heap, and the log must work before anything else is set up.
constinit uint8_t g_kernel_log_ring[kKernelLogRingSize];
constinit Logger g_kernel_log(rstd::Span<uint8_t>(g_kernel_log_ring, kKernelLogRingSize));

}  // namespace

Logger& KernelLog() {
  return g_kernel_log;
}

}  // namespace raeen::kernel
