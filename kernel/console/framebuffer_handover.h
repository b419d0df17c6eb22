#pragma once
// The hand-over of the boot framebuffer from the kernel's log to user space. Until a driver
// (consoled) maps the framebuffer, the kernel draws its log there; once memory_create_physical
// makes a memory object over any part of it, the log's framebuffer sink is removed for good,
// so that the two never draw over each other. A panic after that no longer reaches the
// screen (it still reaches the serial port).

#include <stdint.h>

#include "libs/rstd/format.h"

namespace raeen::kernel {

// Boot: `sink` is the kernel log's sink drawing on the framebuffer at physical
// [base, base + size). Call once, after KernelLog().AddSink(sink, ...) succeeded; `sink`
// must live forever.
void RegisterFramebufferLogSink(rstd::Writer& sink, uint64_t base, uint64_t size);

// memory_create_physical made an object over physical [base, base + size): if that overlaps
// the framebuffer, the sink leaves the kernel log (once; later calls do nothing) and the
// hand-over is logged. Takes the log's lock: the caller must not hold it (or any spinlock).
void HandOverFramebufferIfOverlaps(uint64_t base, uint64_t size);

}  // namespace raeen::kernel
