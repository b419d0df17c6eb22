#include "kernel/arch/x86_64/io_permissions.h"

#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/per_cpu.h"

namespace raeen::kernel::arch {
namespace {

// Sets (deny) or clears (allow) the bits of [range.base, range.base + range.count).
void Mark(uint8_t* bitmap, const IoPortRange& range, bool allow) {
  for (uint32_t port = range.base; port < range.base + range.count; ++port) {
    const uint8_t bit = static_cast<uint8_t>(1u << (port % 8));
    if (allow) {
      bitmap[port / 8] &= static_cast<uint8_t>(~bit);
    } else {
      bitmap[port / 8] |= bit;
    }
  }
}

}  // namespace

void ApplyIoPermissions(const IoPermissions* next) {
  PerCpu* cpu = CurrentCpu();
  AppliedIoPermissions& applied = cpu->io_applied;
  const uint32_t generation = next != nullptr ? __atomic_load_n(&next->generation,
                                                                __ATOMIC_ACQUIRE)
                                              : 0;
  if (applied.source == next && applied.generation == generation) return;
  uint8_t* bitmap = IoBitmapOf(*cpu->tss);
  for (uint32_t i = 0; i < applied.count; ++i) Mark(bitmap, applied.ranges[i], false);
  applied.count = 0;
  applied.source = next;
  applied.generation = generation;
  if (next == nullptr) return;
  const uint32_t count = next->count < IoPermissions::kMaxRanges ? next->count
                                                                  : IoPermissions::kMaxRanges;
  for (uint32_t i = 0; i < count; ++i) {
    applied.ranges[i] = next->ranges[i];
    Mark(bitmap, applied.ranges[i], true);
  }
  applied.count = count;
}

}  // namespace raeen::kernel::arch
