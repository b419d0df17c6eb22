#include "kernel/acpi/direct_map_memory.h"

#include "kernel/boot/boot_info.h"
#include "kernel/boot/handoff_check.h"

namespace raeen::kernel::acpi {

const uint8_t* DirectMapMemory::Map(uint64_t physical, uint64_t size) const {
  rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff_.memory_map), handoff_.memory_map_count);
  if (!MemoryMapCovers(map, physical, size)) return nullptr;
  return PhysicalToVirtual<const uint8_t>(physical);
}

}  // namespace raeen::kernel::acpi
