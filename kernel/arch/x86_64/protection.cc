#include "kernel/arch/x86_64/protection.h"

#include "kernel/arch/x86_64/cpu.h"

// Read by interrupt_entry.S: 1 once CR4.SMAP is on, so every interrupt entry closes a user
// access window it may have interrupted (clac would be #UD on a CPU without SMAP).
extern "C" uint8_t raeen_smap_enabled;
uint8_t raeen_smap_enabled = 0;

namespace raeen::kernel::arch {

ProtectionState CurrentProtections() {
  uint64_t cr4 = ReadCr4();
  return ProtectionState{
      .nx = (ReadMsr(kMsrEfer) & kEferNxe) != 0,
      .write_protect = (ReadCr0() & kCr0WriteProtect) != 0,
      .smep = (cr4 & kCr4Smep) != 0,
      .smap = (cr4 & kCr4Smap) != 0,
      .umip = (cr4 & kCr4Umip) != 0,
      .fsgsbase = (cr4 & kCr4FsGsBase) != 0,
  };
}

ProtectionState EnableProtections(const CpuFeatures& features) {
  if (features.nx) WriteMsr(kMsrEfer, ReadMsr(kMsrEfer) | kEferNxe);
  WriteCr0(ReadCr0() | kCr0WriteProtect);
  uint64_t cr4 = ReadCr4();
  if (features.smep) cr4 |= kCr4Smep;
  if (features.smap) cr4 |= kCr4Smap;
  if (features.umip) cr4 |= kCr4Umip;
  if (features.fsgsbase) cr4 |= kCr4FsGsBase;
  WriteCr4(cr4);
  ProtectionState state = CurrentProtections();
  raeen_smap_enabled = state.smap ? 1 : 0;
  return state;
}

}  // namespace raeen::kernel::arch
