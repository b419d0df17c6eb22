#pragma once
// Taking over the boot memory: once the kernel runs on its own page tables, the loader's
// memory (the handoff, the memory map, the initial page tables, the kernel file read from
// disk) and the firmware's boot-services memory hold nothing the kernel needs that it cannot
// copy. TakeOverBootMemory copies what it needs into kernel memory and hands the rest to the
// page allocator.
//
// Kept as they are: the kernel image and boot stack, the initrd (user space reads it later),
// and the ACPI tables (acpid's AML interpreter will read them; docs/adr/0003-acpi-aml.md).

#include <raeen/handoff.h>

#include "libs/rstd/result.h"

namespace raeen::kernel {

struct ReclaimedBootMemory {
  uint64_t boot_services_bytes = 0;
  uint64_t loader_bytes = 0;       // handoff, memory map, trampoline, loader data
  uint64_t page_table_bytes = 0;   // the loader's initial tables
  uint64_t kernel_file_bytes = 0;  // the ELF as read from disk (its symbols are copied)
};

// Copies `from` into `*kept`, with kept->memory_map pointing at a heap copy of the map and
// kept->kernel_file at a page-allocator copy of the kernel file, then reclaims the boot memory
// kinds above. Afterwards nothing may read `from` or anything it points to: callers switch to
// `*kept` first (BootInfo, the symbolizer, the command line). Errors: kNoMemory for the
// copies (nothing reclaimed then), or the allocator's if the map disagrees with it.
Result<ReclaimedBootMemory> TakeOverBootMemory(const boot::Handoff& from, boot::Handoff* kept);

}  // namespace raeen::kernel
