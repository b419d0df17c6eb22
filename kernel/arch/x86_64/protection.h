#pragma once
// Turns on the CPU's protections that the kernel relies on, as far as the CPU has them:
//   NX        (EFER.NXE; rae-boot already set it: its page tables use NX)
//   CR0.WP    ring 0 honours read-only pages, so kernel text and rodata really are read-only
//   SMEP      ring 0 cannot execute user pages
//   SMAP      ring 0 cannot touch user pages outside the user-copy helpers' stac/clac window
//   UMIP      ring 3 cannot read descriptor-table addresses (sgdt, sidt, ...), which would
//             leak kernel addresses past KASLR
//   FSGSBASE  cheap per-thread FS/GS bases for user space
// A CPU without one of them still boots; the report says what is missing.

#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {

struct ProtectionState {
  bool nx;
  bool write_protect;
  bool smep;
  bool smap;
  bool umip;
  bool fsgsbase;
};

// Enables every protection `features` allows and returns what is on afterwards (read back
// from the control registers, not assumed).
ProtectionState EnableProtections(const CpuFeatures& features);

// Reads the current state from EFER, CR0 and CR4.
ProtectionState CurrentProtections();

}  // namespace raeen::kernel::arch
