#pragma once
// Loader: rae-boot's steps, in order (docs for each step are at its function):
//   banner -> raeen.cfg -> kernel.elf (validated) -> initrd.tar -> GOP -> ACPI RSDP ->
//   KASLR base -> kernel loaded + relocated -> stack, trampoline -> memory map snapshot ->
//   page tables -> hand-off -> ExitBootServices -> final memory map -> jump.
// Every step before ExitBootServices() that fails records a BootFailure; Run() prints it, waits
// so a person can read it, and returns the status to the firmware. After ExitBootServices()
// there is no console and no way back: failures go to COM1 and the CPU halts.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/boot_config.h"
#include "boot/uefi/boot_failure.h"
#include "boot/uefi/boot_log.h"
#include "boot/uefi/direct_map.h"
#include "boot/uefi/efi/system_table.h"
#include "boot/uefi/efi_console.h"
#include "boot/uefi/efi_pages.h"
#include "boot/uefi/efi_volume.h"
#include "boot/uefi/elf_image.h"
#include "boot/uefi/kaslr_entropy.h"
#include "libs/rstd/result.h"

namespace raeen::boot {

class Loader {
 public:
  static constexpr uint64_t kStackSize = 64 * 1024;

  Loader(efi::Handle image, efi::SystemTable* system_table, uint64_t entry_tsc);
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Starts the kernel and does not return, or returns the status for the firmware after a
  // failure before ExitBootServices() (printed, followed by a 10 s pause).
  efi::StatusCode Run();

 private:
  // A snapshot of the firmware memory map, in the buffer that later receives the final map.
  struct MemoryMapSnapshot {
    EfiPages buffer;
    uint64_t size;  // bytes of descriptors in the snapshot
    uint64_t descriptor_size;
  };

  // What the kernel's initial page tables map.
  struct AddressSpace {
    const ElfImage* kernel;
    uint64_t kernel_virt;
    uint64_t kernel_phys;
    uint64_t stack_virt;  // bottom of the stack
    uint64_t stack_phys;
    const PhysicalRange* direct_map;  // at least one range
    size_t direct_map_count;
    uint64_t direct_map_base;
    uint64_t trampoline_phys;
  };

  // Everything the last step needs once boot services are gone.
  struct ExitPlan {
    EfiPages* map_buffer;
    Handoff* handoff;
    MemoryRange* ranges;
    size_t range_capacity;
    const PhysicalRange* direct_map;
    size_t direct_map_count;
    uint64_t kernel_entry;
    uint64_t trampoline;
  };

  Result<void> Boot();
  void PrintFirmware();
  Result<void> CheckCpu();
  Result<void> LoadConfig(EfiVolume& volume);
  Result<LoadedFile> LoadKernel(EfiVolume& volume);
  Result<ElfImage> ParseKernel(const LoadedFile& file);
  Result<LoadedFile> LoadInitrd(EfiVolume& volume);
  Result<uint64_t> ChooseKernelBase(const ElfImage& kernel, KaslrEntropy& entropy);
  Result<uint64_t> ChooseDirectMapBase(uint64_t direct_map_size, KaslrEntropy& entropy);
  uint64_t FindAcpi();
  Result<EfiPages> PrepareTrampoline();
  uint64_t EstimateTscHz();
  Result<MemoryMapSnapshot> SnapshotMemoryMap();
  Result<size_t> PlanDirectMapFrom(const MemoryMapSnapshot& snapshot, const Framebuffer& fb,
                                   PhysicalRange* ranges, size_t capacity);
  Result<uint64_t> BuildPageTables(const AddressSpace& space);
  Result<void> ExitAndJump(const ExitPlan& plan);
  template <typename... Args>
  [[noreturn]] void HaltAfterExit(rstd::StringView format, const Args&... args);

  efi::Handle image_;
  efi::SystemTable* system_table_;
  efi::BootServices* boot_services_;
  uint64_t entry_tsc_;
  EfiConsole console_;
  BootLog log_;
  BootFailure failure_;
  BootConfig config_;
};

}  // namespace raeen::boot
