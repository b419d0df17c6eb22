#include "kernel/process/program_loader.h"

#include "boot/uefi/elf_image.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/seeded_random.h"
#include "kernel/log/log.h"
#include "kernel/object/memory_object.h"
#include "kernel/process/user_layout.h"
#include "kernel/sync/spinlock.h"
#include "libs/rstd/placement_new.h"

namespace raeen::kernel {
namespace {

// Layout randomness: the loader's seed (EFI RNG or RDRAND), stirred with the TSC of the first
// spawn. Not key material.
class LayoutRandom final : public boot::RandomSource {
 public:
  Result<uint64_t> Next64() override {
    sync::SpinLockGuard guard(lock_);
    if (random_ == nullptr) {
      uint8_t seed[boot::kRandomSeedBytes];
      __builtin_memcpy(seed, GetBootInfo().handoff->random_seed, sizeof(seed));
      const uint64_t tsc = arch::ReadTsc();
      for (size_t i = 0; i < sizeof(tsc); ++i) seed[i] ^= static_cast<uint8_t>(tsc >> (8 * i));
      random_ = new (storage_) SeededRandom(seed);
    }
    return random_->Next64();
  }

 private:
  sync::SpinLock lock_{sync::LockRank::kRandom, "layout random"};
  alignas(SeededRandom) uint8_t storage_[sizeof(SeededRandom)];
  SeededRandom* random_ = nullptr;
};

LayoutRandom layout_random;

// The image's pages as ElfImage::Load wants them.
class ObjectPages final : public boot::ElfImagePages {
 public:
  explicit ObjectPages(MemoryObject& memory) : memory_(memory) {}
  uint8_t* Page(uint64_t index) override { return memory_.PageData(index); }

 private:
  MemoryObject& memory_;
};

uint64_t RoundUpToPage(uint64_t bytes) { return (bytes + 4095) & ~uint64_t{4095}; }

// A memory object charged to `process`'s memory quota for as long as it lives.
Result<RefPtr<MemoryObject>> CreateCharged(Process& process, uint64_t size) {
  RAEEN_TRY(RefPtr<MemoryObject> memory, MemoryObject::Create(size));
  RAEEN_TRY(memory->ChargeTo(RefPtr<KernelObject>::Share(&process), process.memory_quota()));
  return memory;
}

}  // namespace

Result<SpawnedProgram> SpawnProgram(rstd::StringView name, rstd::Bytes file,
                                    const ProcessLimits& limits, HandleEntry bootstrap,
                                    bool may_debug_write) {
  boot::Diagnostic diag;
  Result<boot::ElfImage> image = boot::ElfImage::Parse(file, diag);
  if (!image.ok()) {
    LogError("spawn '{}': not a program we run: {} ({})", name, diag.text(), image.status());
    return Error(image.status());
  }
  RAEEN_TRY(UserLayout layout, ChooseUserLayout(image->span(), kUserStackSize, layout_random));
  RAEEN_TRY(RefPtr<Process> process,
            Process::Create(name, limits, layout.mappings_base, layout.mappings_end));

  process->set_image(layout.image_base, image->span());
  process->set_may_debug_write(may_debug_write);
  RAEEN_TRY(RefPtr<MemoryObject> pages, CreateCharged(*process, image->span()));
  ObjectPages sink(*pages);
  image->Load(sink, layout.image_base);
  for (const boot::ElfSegment& segment : image->segments()) {
    RAEEN_TRY(process->address_space().Map(
        pages, segment.vaddr, RoundUpToPage(segment.memsz),
        MapPermissions{.write = segment.writable, .execute = segment.executable},
        layout.image_base + segment.vaddr));
  }
  // The stack: the page below it stays unmapped, a guard.
  const uint64_t stack_size = layout.stack_top - layout.stack_low;
  RAEEN_TRY(RefPtr<MemoryObject> stack, CreateCharged(*process, stack_size));
  RAEEN_TRY(process->address_space().Map(stack, 0, stack_size, MapPermissions{.write = true},
                                         layout.stack_low));

  // Its first handles: the bootstrap channel and its own address space.
  uint64_t bootstrap_value = 0;
  uint64_t address_space_value = 0;
  uint64_t process_value = 0;
  Result<void> given = process->WithHandles([&](HandleTable& handles) -> Result<void> {
    if (bootstrap.object) {
      RAEEN_TRY(bootstrap_value, handles.Add(rstd::Move(bootstrap.object), bootstrap.rights));
    }
    RAEEN_TRY(address_space_value,
              handles.Add(RefPtr<KernelObject>::Share(&process->address_space()),
                          AddressSpace::kDefaultRights));
    // Its handle to itself is gone with the rest of its table when it ends, which is what
    // breaks this reference cycle.
    RAEEN_TRY(process_value, handles.Add(RefPtr<KernelObject>::Share(process.get()),
                                         Process::kDefaultRights));
    return {};
  });
  if (!given.ok()) return Error(given.status());

  const uint64_t entry = layout.image_base + image->entry();
  LogInfo("spawn '{}' (pid {}): image at {:#x}, entry {:#x}, stack top {:#x}", name,
          process->id(), layout.image_base, entry, layout.stack_top);
  Result<RefPtr<UserThread>> thread = process->StartThread(
      name, entry, layout.stack_top, bootstrap_value, address_space_value, process_value);
  if (!thread.ok()) {
    process->WithHandles([](HandleTable& handles) { handles.CloseAll(); });  // the cycle
    return Error(thread.status());
  }
  return SpawnedProgram{rstd::Move(process), rstd::Move(*thread)};
}

}  // namespace raeen::kernel
