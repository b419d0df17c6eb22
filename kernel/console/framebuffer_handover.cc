#include "kernel/console/framebuffer_handover.h"

#include "kernel/log/log.h"

namespace raeen::kernel {
namespace {

// Written once at boot before user space runs; the sink pointer is then taken exactly once
// (an atomic exchange), so two racing memory_create_physical calls remove it only once.
rstd::Writer* framebuffer_sink = nullptr;
uint64_t framebuffer_base = 0;
uint64_t framebuffer_size = 0;

}  // namespace

void RegisterFramebufferLogSink(rstd::Writer& sink, uint64_t base, uint64_t size) {
  framebuffer_base = base;
  framebuffer_size = size;
  __atomic_store_n(&framebuffer_sink, &sink, __ATOMIC_RELEASE);
}

void HandOverFramebufferIfOverlaps(uint64_t base, uint64_t size) {
  if (__atomic_load_n(&framebuffer_sink, __ATOMIC_ACQUIRE) == nullptr) return;
  // [base, base + size) and the framebuffer overlap; written without the sums, which could
  // wrap near the top of the address space.
  const bool overlaps = base < framebuffer_base ? framebuffer_base - base < size
                                                : base - framebuffer_base < framebuffer_size;
  if (!overlaps) return;
  rstd::Writer* sink = __atomic_exchange_n(&framebuffer_sink, nullptr, __ATOMIC_ACQ_REL);
  if (sink == nullptr) return;  // another call won the race
  // RemoveSink takes the log's lock, under which sinks draw: once it returns, the kernel has
  // finished its last line on the screen.
  (void)KernelLog().RemoveSink(*sink);
  LogInfo("console: the framebuffer now belongs to user space (object over {:#x}+{:#x})", base,
          size);
}

}  // namespace raeen::kernel
