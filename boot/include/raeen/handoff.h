#pragma once
// The only contract between a boot path (rae-boot for UEFI, the Multiboot2 shim for BIOS)
// and the kernel. The loader fills one Handoff, maps the kernel and jumps to it with a
// pointer to the Handoff (through the direct map) in rdi.
//
// Rules that keep this contract stable:
//  - Every address here is physical unless its name ends in `_virt` (or is kernel_virt). The
//    kernel reaches physical memory through the direct map: virt = direct_map_base + phys.
//  - The loader's identity-mapped jump trampoline page (kLoaderReclaimable) stays mapped R-X
//    in the initial tables; the kernel drops it when it builds its own.
//  - Fields are only ever appended; `version` is bumped when that happens and `size` says how
//    much the loader filled, so an older kernel can run on a newer loader and the reverse.
//  - Only fixed-width types: the loader is built for an LLP64 target, the kernel for LP64.
//
// The kernel validates a Handoff before using any of it (kernel/boot/handoff_check.h).

#include <stdint.h>

namespace raeen::boot {

inline constexpr uint64_t kHandoffMagic = 0x464f484e45454152;  // "RAEENHOF" little-endian
inline constexpr uint32_t kHandoffVersion = 2;
inline constexpr uint32_t kCommandLineMax = 512;
inline constexpr uint32_t kRandomSeedBytes = 32;

// The direct map lives at a random 1 GiB aligned base inside this 96 TiB region of the kernel
// half (docs/kaslr.md); the rest of the kernel half up to the kernel window belongs to the
// kernel's own randomized areas (stacks, device registers).
inline constexpr uint64_t kDirectMapRegionBase = 0xffff800000000000;
inline constexpr uint64_t kDirectMapRegionEnd = 0xffffe00000000000;
inline constexpr uint64_t kDirectMapBaseAlignment = 1ull << 30;

enum class MemoryKind : uint32_t {
  kUsable = 1,            // free RAM
  kBootReclaimable = 2,   // firmware boot-services memory: free once the kernel says so
  kLoaderReclaimable = 3, // loader memory (handoff, page tables, kernel file): free once unused
  kKernelImage = 4,       // the loaded kernel segments
  kKernelStack = 5,       // the boot CPU's initial kernel stack
  kInitrd = 6,            // the initial ramdisk
  kPageTables = 7,        // the initial page tables the loader built
  kAcpiReclaimable = 8,   // ACPI tables: free after they are parsed
  kAcpiNvs = 9,           // firmware-owned, preserved across sleep
  kFirmwareRuntime = 10,  // UEFI runtime services code and data
  kReserved = 11,         // unusable
  kMmio = 12,             // device memory reported by the firmware
  kBadMemory = 13,        // RAM that failed firmware tests
  kPersistent = 14,       // non-volatile memory
  kKernelFile = 15,       // the kernel ELF file as read from disk (symbols for backtraces)
};

// A physical range. The loader sorts the map by base, merges neighbours of the same kind and
// guarantees that no two ranges overlap. Bases and sizes are multiples of 4 KiB.
struct MemoryRange {
  uint64_t base;
  uint64_t size;
  MemoryKind kind;
  uint32_t reserved;
};

enum class PixelFormat : uint32_t {
  kNone = 0,      // no framebuffer
  kBgrx8888 = 1,  // 32 bpp, blue in the lowest byte (OVMF's default)
  kRgbx8888 = 2,  // 32 bpp, red in the lowest byte
  kBitmask = 3,   // 32 bpp, described by the masks
};

struct Framebuffer {
  uint64_t base;  // physical
  uint64_t size;  // bytes, at least pitch * height
  uint32_t width;
  uint32_t height;
  uint32_t pitch;  // bytes per scan line
  uint32_t bits_per_pixel;
  PixelFormat format;
  uint32_t red_mask;
  uint32_t green_mask;
  uint32_t blue_mask;
};

enum class BootPath : uint32_t {
  kUefi = 1,
  kMultiboot2 = 2,
};

// Where the KASLR slide's randomness came from. The kernel logs it; kTscJitter and kNone are
// weak and say so.
enum class EntropySource : uint32_t {
  kNone = 0,
  kEfiRng = 1,
  kRdrand = 2,
  kTscJitter = 3,
};

// Time stamp counter readings taken by the loader. `tsc_hz` is the loader's estimate of the
// TSC frequency (0 if it could not measure one); the kernel calibrates its own later.
struct BootTimestamps {
  uint64_t loader_entry_tsc;
  uint64_t files_loaded_tsc;
  uint64_t exit_boot_services_tsc;
  uint64_t kernel_jump_tsc;
  uint64_t tsc_hz;
};

struct Handoff {
  uint64_t magic;    // kHandoffMagic
  uint32_t version;  // kHandoffVersion of the loader that wrote it
  uint32_t size;     // sizeof(Handoff) as the loader knew it
  BootPath boot_path;
  EntropySource slide_source;

  // Kernel placement. The kernel is linked at 0 (position independent) and relocated by the
  // loader: kernel_virt is both its load address and its slide.
  uint64_t kernel_phys;
  uint64_t kernel_virt;
  uint64_t kernel_size;       // bytes from kernel_virt to the end of the last segment
  uint64_t kernel_file;       // the ELF file (physical), kept for the symbol table
  uint64_t kernel_file_size;
  uint64_t stack_virt_top;    // the initial stack's top; a guard page lies below its bottom
  uint64_t stack_size;

  // Every range of the memory map and the framebuffer, each rounded out to 2 MiB, is mapped at
  // direct_map_base + phys; holes between them are not. direct_map_size is the end of the
  // highest mapped range. Writable, never executable.
  uint64_t direct_map_base;
  uint64_t direct_map_size;
  uint64_t page_table_root;   // physical address of the PML4 in CR3

  uint64_t memory_map;        // physical address of MemoryRange[memory_map_count]
  uint32_t memory_map_count;
  uint32_t reserved0;

  uint64_t initrd;            // physical, 0 with initrd_size 0 if there is none
  uint64_t initrd_size;
  uint64_t rsdp;              // ACPI RSDP, physical, 0 if the firmware gave none

  Framebuffer framebuffer;
  BootTimestamps timestamps;
  char command_line[kCommandLineMax];  // NUL-terminated
  // Version 2. Random bytes from the same source as the slide (`slide_source`), for the
  // kernel's own layout randomization before it has a random number generator.
  uint8_t random_seed[kRandomSeedBytes];
};

}  // namespace raeen::boot
