// rae-boot's entry point. The firmware calls efi_main (the name lld-link's /entry: names) with
// the image handle and the system table [UEFI 2.10, 4.1, EFI_IMAGE_ENTRY_POINT].

#include "boot/uefi/cpu.h"
#include "boot/uefi/efi/system_table.h"
#include "boot/uefi/loader.h"

extern "C" RAEEN_EFIAPI raeen::boot::efi::StatusCode efi_main(
    raeen::boot::efi::Handle image, raeen::boot::efi::SystemTable* system_table) {
  // The first instruction that matters: the hand-off's loader_entry_tsc.
  uint64_t entry_tsc = raeen::boot::cpu::ReadTsc();
  raeen::boot::Loader loader(image, system_table, entry_tsc);
  return loader.Run();
}

// The Microsoft C++ ABI puts _purecall in the vtable slots of pure virtual functions; calling one
// is a bug that must stop the machine rather than jump to address 0.
extern "C" int _purecall() {
  raeen::boot::cpu::HaltForever();
}
