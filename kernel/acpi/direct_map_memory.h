#pragma once
// acpi::PhysicalMemory for the running kernel: ACPI tables read through the direct map.

#include <raeen/handoff.h>

#include "kernel/acpi/acpi_tables.h"

namespace raeen::kernel::acpi {

// Maps only ranges the loader's memory map covers: the direct map has holes between
// memory-map ranges, and a table pointer into one must be refused, not followed into a page
// fault. `handoff` (already checked by CheckHandoff/CheckMemoryMap) must outlive this object.
class DirectMapMemory final : public PhysicalMemory {
 public:
  explicit DirectMapMemory(const boot::Handoff& handoff) : handoff_(handoff) {}
  const uint8_t* Map(uint64_t physical, uint64_t size) const override;

 private:
  const boot::Handoff& handoff_;
};

}  // namespace raeen::kernel::acpi
