// In-kernel tests of what the loader set up: the handoff, relocation, the page tables.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/handoff_check.h"
#include "kernel/debug/symbolizer.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/kernel_address_space.h"

namespace raeen::kernel {

// Called through a pointer so that the compiler cannot fold the address into a constant.
[[gnu::noinline]] void KtestRelocationProbe() { asm volatile(""); }

namespace {

KTEST(boot, handoff_is_valid) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  rstd::StringView reason;
  KTEST_EXPECT(CheckHandoff(handoff, &reason).ok());
  auto* map = PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map);
  KTEST_EXPECT(CheckMemoryMap(rstd::Span<const boot::MemoryRange>(map, handoff.memory_map_count),
                              handoff.direct_map_size, &reason)
                   .ok());
  KTEST_EXPECT(MemoryOfKind(rstd::Span<const boot::MemoryRange>(map, handoff.memory_map_count),
                            boot::MemoryKind::kUsable) > 0);
}

KTEST(boot, kernel_runs_at_its_slide) {
  const BootInfo& info = GetBootInfo();
  KTEST_EXPECT(info.symbolizer != nullptr);
  if (info.symbolizer == nullptr) return;
  Result<uint64_t> link = info.symbolizer->AddressOf("_ZN5raeen6kernel20KtestRelocationProbeEv");
  KTEST_EXPECT(link.ok());
  void (*volatile probe)() = KtestRelocationProbe;
  // Absolute function pointers went through R_X86_64_RELATIVE relocations.
  KTEST_EXPECT(reinterpret_cast<uint64_t>(probe) == info.handoff->kernel_virt + link.value_or(0));
  KTEST_EXPECT(info.handoff->kernel_virt % (2 * 1024 * 1024) == 0);
}

// Walks the live page tables for a virtual address; returns the leaf entry or 0.
uint64_t LeafEntry(uint64_t virt) {
  uint64_t table = arch::ReadCr3() & 0x000ffffffffff000ull;
  for (int level = 3; level >= 0; --level) {
    uint64_t index = (virt >> (12 + 9 * level)) & 511;
    uint64_t entry = PhysicalToVirtual<uint64_t>(table)[index];
    if ((entry & 1) == 0) return 0;
    bool large = level > 0 && (entry & (1ull << 7));
    if (level == 0 || large) return entry;
    table = entry & 0x000ffffffffff000ull;
  }
  return 0;
}

constexpr uint64_t kWritable = 1ull << 1;
constexpr uint64_t kNoExecute = 1ull << 63;

extern "C" const char __kernel_start[];
const uint64_t kWritableProbe = 0x1234;  // in .rodata
uint64_t data_probe = 1;                 // in .data

KTEST(boot, kernel_mappings_are_w_xor_x) {
  uint64_t text = LeafEntry(reinterpret_cast<uint64_t>(&KtestRelocationProbe));
  uint64_t rodata = LeafEntry(reinterpret_cast<uint64_t>(&kWritableProbe));
  uint64_t data = LeafEntry(reinterpret_cast<uint64_t>(&data_probe));
  KTEST_EXPECT(text != 0 && (text & kWritable) == 0 && (text & kNoExecute) == 0);
  KTEST_EXPECT(rodata != 0 && (rodata & kWritable) == 0 && (rodata & kNoExecute) != 0);
  KTEST_EXPECT(data != 0 && (data & kWritable) != 0 && (data & kNoExecute) != 0);
}

KTEST(boot, stack_has_a_guard_page) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  uint64_t bottom = handoff.stack_virt_top - handoff.stack_size;
  KTEST_EXPECT(LeafEntry(bottom) != 0);
  KTEST_EXPECT(LeafEntry(bottom - 4096) == 0);
  uint64_t here = reinterpret_cast<uint64_t>(__builtin_frame_address(0));
  KTEST_EXPECT(here > bottom && here < handoff.stack_virt_top);
}

// The kernel runs on its own tables: the loader's (and its identity-mapped trampoline page,
// the only lower-half mapping it made) are gone.
KTEST(boot, kernel_runs_on_its_own_address_space) {
  uint64_t root = arch::ReadCr3() & 0x000ffffffffff000ull;
  KTEST_EXPECT(root == KernelAddressSpace().root());
  KTEST_EXPECT(root != GetBootInfo().handoff->page_table_root);
  const uint64_t* pml4 = PhysicalToVirtual<const uint64_t>(root);
  int lower_half_entries = 0;
  for (int i = 0; i < 256; ++i) lower_half_entries += (pml4[i] & 1) != 0;
  KTEST_EXPECT(lower_half_entries == 0);
}

KTEST(boot, direct_map_is_not_executable) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  uint64_t entry = LeafEntry(handoff.direct_map_base + handoff.memory_map);
  KTEST_EXPECT(entry != 0 && (entry & kNoExecute) != 0 && (entry & kWritable) != 0);
}

}  // namespace
}  // namespace raeen::kernel
