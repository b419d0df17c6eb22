#pragma once
// The kernel-jump trampoline (trampoline.S): its code bytes, and how to call the copy.

#include <stdint.h>

extern "C" const uint8_t RaeenTrampolineStart[];
extern "C" const uint8_t RaeenTrampolineEnd[];

namespace raeen::boot {

// The signature of the trampoline's copy (Microsoft x64 convention, the UEFI target's own).
using TrampolineEntry = void (*)(uint64_t page_table_root, uint64_t stack_top,
                                 uint64_t kernel_entry, uint64_t handoff_virt);

}  // namespace raeen::boot
