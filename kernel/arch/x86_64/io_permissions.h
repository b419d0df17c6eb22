#pragma once
// Which I/O ports ring 3 may use with in/out: a process's ranges (ioport_enable, granted by
// resources) are written into the I/O permission bitmap of the CPU's TSS (gdt.h) while one of
// its threads runs there, and taken out again when another process's thread comes. A port
// outside them raises #GP, which ends the process.

#include <stddef.h>
#include <stdint.h>

namespace raeen::kernel::arch {

struct IoPortRange {
  uint16_t base;
  uint32_t count;  // base + count <= 65536
};

// A process's allowed ranges. Written under the owner's lock; `generation` changes with every
// change, so a CPU that has an older copy applied applies it again.
struct IoPermissions {
  static constexpr size_t kMaxRanges = 8;
  IoPortRange ranges[kMaxRanges];
  uint32_t count = 0;
  uint32_t generation = 0;
};

// What one CPU's bitmap allows right now.
struct AppliedIoPermissions {
  const IoPermissions* source = nullptr;
  uint32_t generation = 0;
  IoPortRange ranges[IoPermissions::kMaxRanges];
  uint32_t count = 0;
};

// Makes this CPU's bitmap allow exactly `next`'s ranges (nullptr: none). Interrupts disabled.
void ApplyIoPermissions(const IoPermissions* next);

}  // namespace raeen::kernel::arch
