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

// A memory object charged to `process`'s quota for as long as the process lives (the charge
// is given back when it ends... once memory objects carry their charge; see process.h).
Result<RefPtr<MemoryObject>> CreateCharged(Process& process, uint64_t size) {
  RAEEN_TRY(process.memory_quota().Charge(size));
  Result<RefPtr<MemoryObject>> memory = MemoryObject::Create(size);
  if (!memory.ok()) process.memory_quota().Release(size);
  return memory;
}

}  // namespace

Result<SpawnedProgram> SpawnProgram(rstd::StringView name, rstd::Bytes file,
                                    const ProcessLimits& limits, uint64_t arg0, uint64_t arg1) {
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

  const uint64_t entry = layout.image_base + image->entry();
  RAEEN_TRY(process->StartThread(name, entry, layout.stack_top, arg0, arg1));
  LogInfo("spawn '{}' (pid {}): image at {:#x}, entry {:#x}, stack top {:#x}", name,
          process->id(), layout.image_base, entry, layout.stack_top);
  return SpawnedProgram{rstd::Move(process), layout.image_base, entry, layout.stack_top};
}

}  // namespace raeen::kernel
