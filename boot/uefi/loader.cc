#include "boot/uefi/loader.h"

#include "boot/uefi/acpi_rsdp.h"
#include "boot/uefi/console_text.h"
#include "boot/uefi/cpu.h"
#include "boot/uefi/efi/memory.h"
#include "boot/uefi/efi_status.h"
#include "boot/uefi/gop_setup.h"
#include "boot/uefi/kaslr.h"
#include "boot/uefi/kaslr_entropy.h"
#include "boot/uefi/memory_map.h"
#include "boot/uefi/serial_port.h"
#include "boot/uefi/table_page_allocator.h"
#include "boot/uefi/trampoline.h"
#include "kernel/mm/page_table.h"
#include "libs/rstd/utility.h"

namespace raeen::boot {
namespace {

constexpr rstd::StringView kConfigPath = "\\raeen\\raeen.cfg";
constexpr rstd::StringView kKernelPath = "\\raeen\\kernel.elf";
constexpr rstd::StringView kInitrdPath = "\\raeen\\initrd.tar";

constexpr uint64_t kMaxConfigSize = 64 * 1024;
constexpr uint64_t kMaxKernelFileSize = 256ull << 20;
constexpr uint64_t kMaxInitrdSize = 1ull << 30;

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kErrorPauseMicroseconds = 10'000'000;
constexpr uint64_t kTscSampleMicroseconds = 2000;
constexpr int kTscSamples = 5;
// Descriptors the firmware map may grow by between the snapshot and the final GetMemoryMap():
// every AllocatePages() may split a free range, and the page tables take a few.
constexpr uint64_t kMapSlackDescriptors = 128;
// Extra MemoryRange entries beyond the snapshot's descriptor count, for the same reason.
constexpr size_t kRangeSlack = 128;
constexpr int kMaxExitAttempts = 8;

constexpr const char* kKernelMissingAdvice =
    "rebuild the boot image with ./rae build; the kernel must be at \\raeen\\kernel.elf on the "
    "EFI system partition";
constexpr const char* kKernelInvalidAdvice =
    "rebuild the kernel with ./rae build and put it at \\raeen\\kernel.elf; rae-boot starts "
    "only a RaeCore kernel linked by kernel/kernel.ld";
constexpr const char* kConfigAdvice =
    "fix \\raeen\\raeen.cfg on the EFI system partition (keys: resolution = auto|WIDTHxHEIGHT, "
    "cmdline = ...) or delete it to boot with the defaults";
constexpr const char* kBugAdvice = "report this as a rae-boot bug, with the log above";
constexpr const char* kMemoryAdvice =
    "give the machine more memory (RaeenOS needs at least 128 MiB)";

constexpr efi::MemoryType kLoaderDataType = efi::MemoryType::kLoaderData;

uint32_t TypeValue(LoaderMemoryType type) {
  return static_cast<uint32_t>(type);
}
uint32_t TypeValue(efi::MemoryType type) {
  return static_cast<uint32_t>(type);
}

const char* PermissionText(const ElfSegment& segment) {
  if (segment.executable) return "R-X";
  return segment.writable ? "RW-" : "R--";
}

// rae-boot only ever adds mappings, to tables no CPU uses yet: nothing to invalidate.
class InactiveTables final : public kernel::TlbInvalidator {
 public:
  void InvalidatePage(uint64_t) override {}
  void InvalidateRange(uint64_t, uint64_t) override {}
  void InvalidateAll() override {}
};

}  // namespace

Loader::Loader(efi::Handle image, efi::SystemTable* system_table, uint64_t entry_tsc)
    : image_(image),
      system_table_(system_table),
      boot_services_(system_table->BootServices),
      entry_tsc_(entry_tsc),
      console_(system_table->ConOut),
      log_(console_) {}

efi::StatusCode Loader::Run() {
  // The test runner times QEMU start -> this line: it comes before anything else.
  log_.Info("RaeenOS UEFI loader {}", RAEEN_VERSION);
  Result<void> booted = Boot();
  // Boot() only comes back when something failed before ExitBootServices().
  if (!failure_.recorded()) {
    failure_.LoaderError(booted.status(), kBugAdvice, "boot failed without a recorded cause");
  }
  failure_.Print(log_);
  (void)boot_services_->Stall(kErrorPauseMicroseconds);
  return failure_.efi_status();
}

Result<void> Loader::Boot() {
  PrintFirmware();
  // The boot manager arms a 5-minute watchdog before starting us [UEFI 2.10, 3.1.2]; loading a
  // large initrd under emulation must not trip it. A timeout of 0 disables it [7.5].
  (void)boot_services_->SetWatchdogTimer(0, 0, 0, nullptr);
  RAEEN_TRY(CheckCpu());

  // The kernel is read and validated before the (possibly large) initrd, so a bad kernel is
  // reported at once.
  RAEEN_TRY(EfiVolume volume, EfiVolume::Open(image_, boot_services_, failure_));
  RAEEN_TRY(LoadConfig(volume));
  RAEEN_TRY(LoadedFile kernel_file, LoadKernel(volume));
  RAEEN_TRY(ElfImage kernel, ParseKernel(kernel_file));
  RAEEN_TRY(LoadedFile initrd, LoadInitrd(volume));
  volume.Close();
  uint64_t files_loaded_tsc = cpu::ReadTsc();

  Framebuffer framebuffer = SetUpFramebuffer(boot_services_, config_, log_);
  uint64_t rsdp = FindAcpi();

  // One source for every random choice: the kernel base, the direct map base and the seed the
  // kernel randomizes its own areas with.
  KaslrEntropy entropy = KaslrEntropy::Select(boot_services_);
  RAEEN_TRY(uint64_t kernel_virt, ChooseKernelBase(kernel, entropy));

  // The kernel image: physically contiguous, [0, span) of the ELF's address space.
  RAEEN_TRY(EfiPages image,
            EfiPages::Allocate(boot_services_, TypeValue(LoaderMemoryType::kKernelImage),
                               kernel.span(), "the kernel image", failure_));
  Result<void> loaded = kernel.Load(rstd::Span<uint8_t>(image.data(), kernel.span()), kernel_virt);
  if (!loaded.ok()) {
    return failure_.LoaderError(loaded.status(), kBugAdvice, "copying the kernel image failed");
  }
  log_.Info("kernel: loaded at physical {:#x}, {} relocations applied for base {:#x}", image.phys(),
            kernel.relative_relocation_count(), kernel_virt);

  RAEEN_TRY(EfiPages stack,
            EfiPages::Allocate(boot_services_, TypeValue(LoaderMemoryType::kKernelStack),
                               kStackSize, "the kernel stack", failure_));
  RAEEN_TRY(EfiPages trampoline, PrepareTrampoline());

  uint64_t tsc_hz = EstimateTscHz();

  // Everything that must exist after ExitBootServices() is allocated now, while allocation is
  // still possible: the hand-off with room for the final memory map, the map buffer itself
  // (inside the snapshot) and the direct-map plan.
  RAEEN_TRY(MemoryMapSnapshot snapshot, SnapshotMemoryMap());
  size_t snapshot_descriptors = snapshot.size / snapshot.descriptor_size;
  size_t range_capacity = snapshot_descriptors + kRangeSlack;
  uint64_t ranges_offset = rstd::AlignUp(sizeof(Handoff), 16);
  RAEEN_TRY(EfiPages handoff_pages,
            EfiPages::Allocate(boot_services_, TypeValue(LoaderMemoryType::kLoaderData),
                               ranges_offset + range_capacity * sizeof(MemoryRange), "the hand-off",
                               failure_));
  size_t plan_capacity = snapshot_descriptors + 1;  // + the framebuffer
  RAEEN_TRY(EfiPages plan_pages, EfiPages::Allocate(boot_services_, TypeValue(kLoaderDataType),
                                                    2 * plan_capacity * sizeof(PhysicalRange),
                                                    "the direct-map plan", failure_));
  auto* plan_ranges = reinterpret_cast<PhysicalRange*>(plan_pages.data());
  RAEEN_TRY(size_t plan_count,
            PlanDirectMapFrom(snapshot, framebuffer, plan_ranges, plan_capacity));
  const PhysicalRange& top = plan_ranges[plan_count - 1];
  uint64_t direct_map_size = top.base + top.size;
  RAEEN_TRY(uint64_t direct_map_base, ChooseDirectMapBase(direct_map_size, entropy));
  uint8_t random_seed[kRandomSeedBytes];
  for (size_t i = 0; i < kRandomSeedBytes; i += 8) {
    Result<uint64_t> word = entropy.Next64();
    if (!word.ok()) {
      return failure_.LoaderError(word.status(), kBugAdvice,
                                  "the {} entropy source produced no seed for the kernel",
                                  entropy.source_name());
    }
    __builtin_memcpy(random_seed + i, &*word, 8);
  }

  uint64_t stack_virt = kernel_virt + kernel.span() + kStackGuardSize;
  AddressSpace space = {.kernel = &kernel,
                        .kernel_virt = kernel_virt,
                        .kernel_phys = image.phys(),
                        .stack_virt = stack_virt,
                        .stack_phys = stack.phys(),
                        .direct_map = plan_ranges,
                        .direct_map_count = plan_count,
                        .direct_map_base = direct_map_base,
                        .trampoline_phys = trampoline.phys()};
  RAEEN_TRY(uint64_t page_table_root, BuildPageTables(space));

  auto* handoff = reinterpret_cast<Handoff*>(handoff_pages.data());
  handoff->magic = kHandoffMagic;
  handoff->version = kHandoffVersion;
  handoff->size = sizeof(Handoff);
  handoff->boot_path = BootPath::kUefi;
  handoff->slide_source = entropy.source();  // the weakest source any choice used
  handoff->kernel_phys = image.phys();
  handoff->kernel_virt = kernel_virt;
  handoff->kernel_size = kernel.span();
  handoff->kernel_file = kernel_file.pages.phys();
  handoff->kernel_file_size = kernel_file.size;
  handoff->stack_virt_top = stack_virt + kStackSize;
  handoff->stack_size = kStackSize;
  handoff->direct_map_base = direct_map_base;
  handoff->direct_map_size = direct_map_size;
  handoff->page_table_root = page_table_root;
  handoff->memory_map = handoff_pages.phys() + ranges_offset;
  handoff->memory_map_count = 0;  // filled in after ExitBootServices()
  handoff->initrd = initrd.size != 0 ? initrd.pages.phys() : 0;
  handoff->initrd_size = initrd.size;
  handoff->rsdp = rsdp;
  handoff->framebuffer = framebuffer;
  handoff->timestamps.loader_entry_tsc = entry_tsc_;
  handoff->timestamps.files_loaded_tsc = files_loaded_tsc;
  handoff->timestamps.tsc_hz = tsc_hz;
  rstd::StringView command_line = config_.command_line();
  __builtin_memcpy(handoff->command_line, command_line.data(), command_line.size());
  handoff->command_line[command_line.size()] = '\0';
  __builtin_memcpy(handoff->random_seed, random_seed, kRandomSeedBytes);

  ExitPlan plan = {.map_buffer = &snapshot.buffer,
                   .handoff = handoff,
                   .ranges = reinterpret_cast<MemoryRange*>(handoff_pages.data() + ranges_offset),
                   .range_capacity = range_capacity,
                   .direct_map = plan_ranges,
                   .direct_map_count = plan_count,
                   .kernel_entry = kernel_virt + kernel.entry(),
                   .trampoline = trampoline.phys()};
  return ExitAndJump(plan);
}

Result<EfiPages> Loader::PrepareTrampoline() {
  // EfiLoaderCode, unlike the OS-defined types, is never mapped non-executable by firmware
  // memory protection (EDK2's PcdDxeNxMemoryProtectionPolicy): the trampoline runs from here
  // under the firmware's tables until it loads CR3.
  RAEEN_TRY(EfiPages page,
            EfiPages::Allocate(boot_services_, TypeValue(efi::MemoryType::kLoaderCode), kPageSize,
                               "the kernel-jump trampoline", failure_));
  uint64_t size = static_cast<uint64_t>(RaeenTrampolineEnd - RaeenTrampolineStart);
  if (size > kPageSize) {
    return failure_.LoaderError(Status::kOutOfRange, kBugAdvice,
                                "the trampoline is {} bytes, more than a page", size);
  }
  __builtin_memcpy(page.data(), RaeenTrampolineStart, size);
  return page;
}

Result<uint64_t> Loader::BuildPageTables(const AddressSpace& space) {
  // [Intel SDM vol. 3A, 4.5], with the kernel's own mapper (kernel/mm/page_table.h), which
  // enforces W^X and refuses overlaps. The tables are allocated as they are needed; if anything
  // fails the allocator gives them back to the firmware, on success they are kept for the
  // kernel. 2 MiB pages at most: the handoff promises nothing about 1 GiB pages, and the kernel
  // builds its own tables anyway.
  TablePageAllocator table_pages(boot_services_);
  InactiveTables no_tlb;
  Result<kernel::PageTable> created = kernel::PageTable::Create(table_pages, table_pages, no_tlb);
  if (!created.ok()) {
    return failure_.FirmwareError(table_pages.last_error(), kMemoryAdvice,
                                  "cannot allocate the page table root");
  }
  kernel::PageTable& tables = *created;
  auto report = [&](rstd::StringView what, uint64_t virt, uint64_t phys, uint64_t size,
                    Result<void> mapped) -> Result<void> {
    if (mapped.ok()) return {};
    if (mapped.status() == Status::kNoMemory) {
      return failure_.FirmwareError(table_pages.last_error(), kMemoryAdvice,
                                    "out of memory for page tables while mapping {}", what);
    }
    return failure_.LoaderError(mapped.status(), kBugAdvice,
                                "mapping {} ({:#x} -> {:#x}, {:#x} bytes) failed: {}", what, virt,
                                phys, size, mapped.status());
  };
  auto map = [&](rstd::StringView what, uint64_t virt, uint64_t phys, uint64_t size,
                 kernel::Protection protection) -> Result<void> {
    return report(what, virt, phys, size, tables.Map(virt, phys, size, protection));
  };

  // Kernel mappings are global: every address space the kernel builds shares them.
  // (a) The kernel segments, each with its own permissions: text R-X, rodata R--, data RW-.
  for (const ElfSegment& segment : space.kernel->segments()) {
    RAEEN_TRY(
        map("a kernel segment", space.kernel_virt + segment.vaddr,
            space.kernel_phys + segment.vaddr, rstd::AlignUp(segment.memsz, kPageSize),
            kernel::Protection{
                .writable = segment.writable, .executable = segment.executable, .global = true}));
  }
  // (b) The stack. The 4 KiB between the image and the stack stays unmapped: an overflow faults
  // there instead of overwriting the kernel's data.
  RAEEN_TRY(map("the kernel stack", space.stack_virt, space.stack_phys, kStackSize,
                kernel::Protection{.writable = true, .global = true}));
  // (c) The direct map of all physical ranges.
  for (size_t i = 0; i < space.direct_map_count; ++i) {
    const PhysicalRange& range = space.direct_map[i];
    RAEEN_TRY(map("the direct map", space.direct_map_base + range.base, range.base, range.size,
                  kernel::Protection{.writable = true, .global = true}));
  }
  // (d) The trampoline, identity-mapped so it survives its own CR3 load; not global, so it
  // leaves the TLB when the kernel switches to tables without it.
  RAEEN_TRY(report("the trampoline", space.trampoline_phys, space.trampoline_phys, kPageSize,
                   tables.MapIdentity(space.trampoline_phys, kPageSize,
                                      kernel::Protection{.executable = true})));

  const PhysicalRange& top = space.direct_map[space.direct_map_count - 1];
  log_.Info("page tables: root {:#x}, {} table pages; direct map of {} ranges up to {:#x}",
            tables.root(), tables.table_pages(), space.direct_map_count, top.base + top.size);
  table_pages.Keep();
  return tables.root();
}

void Loader::PrintFirmware() {
  char vendor[64];
  uint32_t revision = system_table_->Hdr.Revision;
  uint32_t minor = revision & 0xffff;
  log_.Info("firmware: {} {:#x}, UEFI {}.{}",
            NarrowUcs2(system_table_->FirmwareVendor, vendor, sizeof(vendor)),
            system_table_->FirmwareRevision, revision >> 16, minor / 10);
}

Result<void> Loader::CheckCpu() {
  if (cpu::FiveLevelPagingEnabled()) {
    return failure_.LoaderError(Status::kUnsupported,
                                "turn off 5-level paging in the firmware settings",
                                "the firmware runs with 5-level paging; rae-boot builds "
                                "4-level page tables");
  }
  return {};
}

Result<LoadedFile> Loader::LoadKernel(EfiVolume& volume) {
  Result<LoadedFile> kernel = volume.ReadFile(kKernelPath, TypeValue(LoaderMemoryType::kKernelFile),
                                              kMaxKernelFileSize, failure_);
  if (kernel.status() == Status::kNotFound) {
    return failure_.FirmwareError(efi::kNotFound, kKernelMissingAdvice, "cannot find {}",
                                  kKernelPath);
  }
  if (!kernel.ok()) return Error(kernel.status());
  log_.Info("loaded {}: {} bytes at {:#x}", kKernelPath, kernel->size, kernel->pages.phys());
  return kernel;
}

Result<ElfImage> Loader::ParseKernel(const LoadedFile& file) {
  Diagnostic diag;
  Result<ElfImage> kernel = ElfImage::Parse(rstd::Bytes(file.pages.data(), file.size), diag);
  if (!kernel.ok()) {
    return failure_.InvalidInput(kernel.status(), kKernelPath, diag, kKernelInvalidAdvice);
  }
  // One line for all segments: every console line costs milliseconds under emulation.
  char segments[256];
  rstd::BufferWriter list(segments, sizeof(segments));
  for (const ElfSegment& segment : kernel->segments()) {
    rstd::Format(list, "{}[{:#x}, {:#x}) {}", list.size() == 0 ? "" : ", ", segment.vaddr,
                 segment.vaddr + segment.memsz, PermissionText(segment));
  }
  log_.Info("kernel: {} KiB, entry {:#x}, {} relocations; segments {}", kernel->span() >> 10,
            kernel->entry(), kernel->relocation_count(), list.view());
  return kernel;
}

Result<LoadedFile> Loader::LoadInitrd(EfiVolume& volume) {
  Result<LoadedFile> initrd =
      volume.ReadFile(kInitrdPath, TypeValue(LoaderMemoryType::kInitrd), kMaxInitrdSize, failure_);
  if (initrd.status() == Status::kNotFound) {
    log_.Warn("{} not found; booting without an initrd", kInitrdPath);
    return LoadedFile{EfiPages(), 0};
  }
  if (!initrd.ok()) return Error(initrd.status());
  log_.Info("loaded {}: {} bytes at {:#x}", kInitrdPath, initrd->size, initrd->pages.phys());
  return initrd;
}

Result<void> Loader::LoadConfig(EfiVolume& volume) {
  Result<LoadedFile> file =
      volume.ReadFile(kConfigPath, TypeValue(kLoaderDataType), kMaxConfigSize, failure_);
  if (file.status() == Status::kNotFound) {
    log_.Info("{} not found; using the defaults (resolution auto, empty command line)",
              kConfigPath);
    return {};
  }
  if (!file.ok()) return Error(file.status());
  Diagnostic diag;
  rstd::StringView text(reinterpret_cast<const char*>(file->pages.data()), file->size);
  Result<BootConfig> parsed = BootConfig::Parse(text, log_, diag);
  if (!parsed.ok()) {
    // The parser's text already names raeen.cfg and the line.
    return failure_.LoaderError(parsed.status(), kConfigAdvice, "{}", diag.text());
  }
  config_ = *parsed;
  char resolution[32];
  Resolution wanted = config_.resolution();
  log_.Info("{}: {} bytes; resolution {}, cmdline \"{}\"", kConfigPath, file->size,
            config_.auto_resolution() ? rstd::StringView("auto")
                                      : rstd::FormatTo(resolution, sizeof(resolution), "{}x{}",
                                                       wanted.width, wanted.height),
            config_.command_line());
  return {};
}

uint64_t Loader::FindAcpi() {
  RsdpLocation rsdp = FindRsdp(rstd::Span<const efi::ConfigurationTable>(
      system_table_->ConfigurationTable, system_table_->NumberOfTableEntries));
  if (rsdp.address == 0) {
    log_.Warn("acpi: the firmware's configuration table has no RSDP; rsdp = 0");
  } else {
    log_.Info("acpi: RSDP at {:#x} (ACPI {} entry)", rsdp.address,
              rsdp.revision == 2 ? "2.0+" : "1.0");
  }
  return rsdp.address;
}

Result<uint64_t> Loader::ChooseKernelBase(const ElfImage& kernel, KaslrEntropy& entropy) {
  uint64_t slots = KaslrSlotCount(kernel.span(), kStackSize);
  if (slots == 0) {
    return failure_.LoaderError(Status::kOutOfRange, kKernelInvalidAdvice,
                                "the kernel ({} KiB) and its stack do not fit in the kernel "
                                "window",
                                kernel.span() >> 10);
  }
  Result<uint64_t> slot = ChooseKaslrSlot(slots, entropy);
  if (!slot.ok()) {
    return failure_.LoaderError(slot.status(), kBugAdvice,
                                "the {} entropy source produced no usable word",
                                entropy.source_name());
  }
  uint64_t base = KaslrBase(*slot);
  log_.Info("kaslr: kernel base {:#018x} (source: {}, {} slots)", base, entropy.source_name(),
            slots);
  if (entropy.source() == EntropySource::kTscJitter) {
    log_.Warn(
        "kaslr: no EFI_RNG_PROTOCOL and no RDRAND; the slide comes from TSC jitter and is "
        "weak");
  }
  return base;
}

Result<uint64_t> Loader::ChooseDirectMapBase(uint64_t direct_map_size, KaslrEntropy& entropy) {
  uint64_t slots = DirectMapSlotCount(direct_map_size);
  if (slots == 0) {
    return failure_.LoaderError(Status::kOutOfRange, kMemoryAdvice,
                                "the direct map of {} GiB does not fit its region",
                                direct_map_size >> 30);
  }
  Result<uint64_t> slot = ChooseKaslrSlot(slots, entropy);
  if (!slot.ok()) {
    return failure_.LoaderError(slot.status(), kBugAdvice,
                                "the {} entropy source produced no usable word",
                                entropy.source_name());
  }
  uint64_t base = DirectMapBase(*slot);
  log_.Info("kaslr: direct map base {:#018x} ({} slots)", base, slots);
  return base;
}

uint64_t Loader::EstimateTscHz() {
  // Anything that disturbs a sample (an SMI on hardware; the host descheduling the vCPU under
  // emulation, which makes the firmware's stall loop overshoot) only ever lengthens it, so the
  // shortest of several short samples is the best estimate.
  uint64_t best = ~uint64_t{0};
  for (int sample = 0; sample < kTscSamples; ++sample) {
    uint64_t start = cpu::ReadTsc();
    if (efi::IsError(boot_services_->Stall(kTscSampleMicroseconds))) return 0;
    best = rstd::Min(best, cpu::ReadTsc() - start);
  }
  uint64_t hz = best * (1'000'000 / kTscSampleMicroseconds);
  log_.Info("tsc: about {} MHz (best of {} samples of {} us)", hz / 1'000'000, kTscSamples,
            kTscSampleMicroseconds);
  return hz;
}

Result<Loader::MemoryMapSnapshot> Loader::SnapshotMemoryMap() {
  efi::Uintn size = 0;
  efi::Uintn key = 0;
  efi::Uintn descriptor_size = 0;
  uint32_t version = 0;
  efi::StatusCode status =
      boot_services_->GetMemoryMap(&size, nullptr, &key, &descriptor_size, &version);
  if (status != efi::kBufferTooSmall || descriptor_size < sizeof(efi::MemoryDescriptor)) {
    return failure_.FirmwareError(status == efi::kSuccess ? efi::kProtocolError : status,
                                  kBugAdvice,
                                  "GetMemoryMap() did not report the map size "
                                  "(descriptor size {})",
                                  descriptor_size);
  }
  RAEEN_TRY(EfiPages buffer, EfiPages::Allocate(boot_services_, TypeValue(kLoaderDataType),
                                                size + kMapSlackDescriptors * descriptor_size,
                                                "the memory map", failure_));
  size = buffer.size();
  status =
      boot_services_->GetMemoryMap(&size, reinterpret_cast<efi::MemoryDescriptor*>(buffer.data()),
                                   &key, &descriptor_size, &version);
  if (efi::IsError(status)) {
    return failure_.FirmwareError(status, kBugAdvice, "GetMemoryMap() failed");
  }

  uint64_t free_bytes = 0;
  uint64_t highest = 0;
  size_t count = size / descriptor_size;
  for (size_t i = 0; i < count; ++i) {
    efi::MemoryDescriptor descriptor;
    __builtin_memcpy(&descriptor, buffer.data() + i * descriptor_size, sizeof(descriptor));
    uint64_t bytes = descriptor.NumberOfPages * efi::kPageSize;
    if (descriptor.Type == TypeValue(efi::MemoryType::kConventionalMemory)) free_bytes += bytes;
    highest = rstd::Max(highest, descriptor.PhysicalStart + bytes);
  }
  log_.Info("memory map: {} descriptors of {} bytes, {} MiB free, highest address {:#x}", count,
            descriptor_size, free_bytes >> 20, highest);
  return MemoryMapSnapshot{rstd::Move(buffer), size, descriptor_size};
}

Result<size_t> Loader::PlanDirectMapFrom(const MemoryMapSnapshot& snapshot, const Framebuffer& fb,
                                         PhysicalRange* ranges, size_t capacity) {
  // The input ranges go in the second half of the buffer, the plan in the first.
  PhysicalRange* input = ranges + capacity;
  size_t count = 0;
  size_t descriptors = snapshot.size / snapshot.descriptor_size;
  for (size_t i = 0; i < descriptors && count < capacity; ++i) {
    efi::MemoryDescriptor descriptor;
    __builtin_memcpy(&descriptor, snapshot.buffer.data() + i * snapshot.descriptor_size,
                     sizeof(descriptor));
    uint64_t bytes = 0;
    if (!rstd::CheckedMul(descriptor.NumberOfPages, efi::kPageSize, &bytes)) {
      return failure_.LoaderError(Status::kCorrupt, kBugAdvice,
                                  "memory map descriptor {} has {} pages", i,
                                  descriptor.NumberOfPages);
    }
    input[count++] = PhysicalRange{descriptor.PhysicalStart, bytes};
  }
  if (fb.format != PixelFormat::kNone && count < capacity) {
    input[count++] = PhysicalRange{fb.base, fb.size};
  }
  Diagnostic diag;
  Result<size_t> planned = PlanDirectMap(rstd::Span<const PhysicalRange>(input, count),
                                         rstd::Span<PhysicalRange>(ranges, capacity), diag);
  if (!planned.ok()) {
    return failure_.InvalidInput(planned.status(), "direct map", diag,
                                 "RaeenOS supports physical addresses below 64 TiB");
  }
  if (*planned == 0) {
    return failure_.LoaderError(Status::kCorrupt, kBugAdvice, "the memory map is empty");
  }
  return *planned;
}

Result<void> Loader::ExitAndJump(const ExitPlan& plan) {
  log_.Info("exiting boot services, jumping to kernel");
  // [UEFI 2.10, 7.4, ExitBootServices()]: the map key must be from the latest GetMemoryMap();
  // if the map changed in between (a timer event allocated memory), the call fails with
  // EFI_INVALID_PARAMETER and must be repeated with a fresh map. After the first failed call
  // only GetMemoryMap() may be used, so nothing is printed until it succeeds.
  efi::Uintn map_size = 0;
  efi::Uintn map_key = 0;
  efi::Uintn descriptor_size = 0;
  uint32_t descriptor_version = 0;
  efi::StatusCode status = efi::kSuccess;
  bool tried_exit = false;
  auto* descriptors = reinterpret_cast<efi::MemoryDescriptor*>(plan.map_buffer->data());
  for (int attempt = 0; attempt < kMaxExitAttempts; ++attempt) {
    map_size = plan.map_buffer->size();
    status = boot_services_->GetMemoryMap(&map_size, descriptors, &map_key, &descriptor_size,
                                          &descriptor_version);
    if (efi::IsError(status)) break;
    tried_exit = true;
    status = boot_services_->ExitBootServices(image_, map_key);
    if (status != efi::kInvalidParameter) break;
  }
  if (efi::IsError(status)) {
    if (!tried_exit) {
      return failure_.FirmwareError(status, kBugAdvice,
                                    "GetMemoryMap() before "
                                    "ExitBootServices() failed");
    }
    HaltAfterExit("ExitBootServices() failed ({}) after {} attempts", EfiStatusName(status),
                  kMaxExitAttempts);
  }

  // Boot services are gone: no console, no allocation, no return to the firmware, and the
  // interrupts (if the firmware left them on) belong to us now [UEFI 2.10, 2.3.4].
  cpu::DisableInterrupts();
  console_.Detach();
  Handoff& handoff = *plan.handoff;
  handoff.timestamps.exit_boot_services_tsc = cpu::ReadTsc();
  Diagnostic diag;
  Result<size_t> count =
      ConvertMemoryMap(rstd::Bytes(plan.map_buffer->data(), map_size), descriptor_size,
                       rstd::Span<MemoryRange>(plan.ranges, plan.range_capacity), diag);
  if (!count.ok()) HaltAfterExit("final memory map: {}", diag.text());
  rstd::Span<const PhysicalRange> direct_map(plan.direct_map, plan.direct_map_count);
  for (size_t i = 0; i < *count; ++i) {
    const MemoryRange& range = plan.ranges[i];
    if (!DirectMapCovers(direct_map, range.base, range.size)) {
      HaltAfterExit("final memory map range [{:#x}, {:#x}) is outside the direct map", range.base,
                    range.base + range.size);
    }
  }
  handoff.memory_map_count = static_cast<uint32_t>(*count);
  handoff.timestamps.kernel_jump_tsc = cpu::ReadTsc();

  auto enter = reinterpret_cast<TrampolineEntry>(plan.trampoline);
  enter(handoff.page_table_root, handoff.stack_virt_top, plan.kernel_entry,
        handoff.direct_map_base + reinterpret_cast<uint64_t>(plan.handoff));
  HaltAfterExit("the kernel-jump trampoline returned");
}

template <typename... Args>
[[noreturn]] void Loader::HaltAfterExit(rstd::StringView format, const Args&... args) {
  SerialPort serial;
  BootLog log(serial);
  log.Error(format, args...);
  log.Info("what to do: {}", kBugAdvice);
  cpu::HaltForever();
}

}  // namespace raeen::boot
