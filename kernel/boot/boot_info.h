#pragma once
// What the kernel learned at boot, for code that runs later (tests, diagnostics).

#include <raeen/handoff.h>

#include "kernel/acpi/platform_tables.h"
#include "kernel/debug/symbolizer.h"

namespace raeen::kernel {

struct BootInfo {
  const boot::Handoff* handoff = nullptr;
  const Symbolizer* symbolizer = nullptr;  // null when the kernel file has no symbols
  uint64_t kernel_entry_tsc = 0;
  // The firmware's ACPI tables as checked at boot; null when the firmware gave none.
  const acpi::PlatformTables* platform_tables = nullptr;
};

const BootInfo& GetBootInfo();

// Translates a physical address into its direct-map address.
template <typename T>
T* PhysicalToVirtual(uint64_t physical) {
  return reinterpret_cast<T*>(GetBootInfo().handoff->direct_map_base + physical);
}

}  // namespace raeen::kernel
