#include "kernel/arch/x86_64/gdt.h"

namespace raeen::kernel::arch {
namespace {

struct [[gnu::packed]] DescriptorTablePointer {
  uint16_t limit;
  uint64_t base;
};

constexpr uint64_t kIstStackSize = 16 * 1024;

// Early-boot IST stacks, until the kernel can map guarded ones (SetIstStack).
alignas(16) uint8_t early_ist_stacks[3][kIstStackSize];
StackBounds ist_bounds[3];
TaskStateWithIoBitmap boot_tss;
TaskStateSegment& tss = boot_tss.tss;

// Code/data descriptors: only the access byte and the L bit matter in long mode.
constexpr uint64_t kPresent = 1ull << 47;
constexpr uint64_t kCodeOrData = 1ull << 44;
constexpr uint64_t kExecutable = 1ull << 43;
constexpr uint64_t kWritable = 1ull << 41;
constexpr uint64_t kLongMode = 1ull << 53;
constexpr uint64_t kDpl3 = 3ull << 45;

uint64_t gdt[8] = {
    0,
    kPresent | kCodeOrData | kExecutable | kLongMode,          // 0x08 kernel code
    kPresent | kCodeOrData | kWritable,                        // 0x10 kernel data
    0,                                                         // 0x18 user 32-bit code (unused)
    kPresent | kCodeOrData | kWritable | kDpl3,                // 0x20 user data
    kPresent | kCodeOrData | kExecutable | kLongMode | kDpl3,  // 0x28 user code
    0,                                                         // 0x30 TSS, low half
    0,                                                         // 0x38 TSS, high half
};

void SetTssDescriptor(uint64_t (&table)[8], const TaskStateWithIoBitmap& segment) {
  uint64_t base = reinterpret_cast<uint64_t>(&segment);
  uint64_t limit = sizeof(segment) - 1;
  constexpr uint64_t kAvailableTss = 0x9ull << 40;
  table[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | kAvailableTss | kPresent |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
  table[7] = base >> 32;
}

// Every port denied; the bitmap starts right after the TSS proper.
void InitIoBitmap(TaskStateWithIoBitmap& segment) {
  segment.tss.io_map_base = sizeof(TaskStateSegment);
  __builtin_memset(segment.io_bitmap, 0xff, sizeof(segment.io_bitmap));
  segment.terminator = 0xff;
}

void LoadGdt(const uint64_t (&table)[8]) {
  DescriptorTablePointer pointer{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
  asm volatile(
      "lgdt %0\n\t"
      "mov %1, %%ds\n\t"
      "mov %1, %%es\n\t"
      "mov %1, %%ss\n\t"
      "xor %%eax, %%eax\n\t"
      "mov %%eax, %%fs\n\t"
      "mov %%eax, %%gs\n\t"
      // Reload CS with a far return to the next instruction.
      "pushq %2\n\t"
      "leaq 1f(%%rip), %%rax\n\t"
      "pushq %%rax\n\t"
      "lretq\n"
      "1:\n\t"
      "ltr %w3"
      :
      : "m"(pointer), "r"(static_cast<uint32_t>(kKernelDataSelector)),
        "i"(static_cast<uint64_t>(kKernelCodeSelector)), "r"(kTssSelector)
      : "rax", "memory");
}

}  // namespace

void InitGdt() {
  for (int i = 0; i < 3; ++i) {
    uint64_t low = reinterpret_cast<uint64_t>(early_ist_stacks[i]);
    ist_bounds[i] = {low, low + kIstStackSize};
    tss.ist[i] = ist_bounds[i].high - kIstOwnerSlotBytes;
  }
  InitIoBitmap(boot_tss);
  SetTssDescriptor(gdt, boot_tss);
  LoadGdt(gdt);
}

TaskStateSegment& BootCpuTss() { return tss; }

void InitGdtForThisCpu(CpuDescriptorTables& tables, const StackBounds (&ist)[3]) {
  for (int i = 0; i < 8; ++i) tables.gdt[i] = gdt[i];
  tables.tss.tss = TaskStateSegment{};
  for (int i = 0; i < 3; ++i) tables.tss.tss.ist[i] = ist[i].high - kIstOwnerSlotBytes;
  InitIoBitmap(tables.tss);
  SetTssDescriptor(tables.gdt, tables.tss);
  LoadGdt(tables.gdt);
}

StackBounds IstStackBounds(IstSlot slot) {
  if (slot == IstSlot::kNone) return {0, 0};
  return ist_bounds[static_cast<int>(slot) - 1];
}

void SetIstStack(IstSlot slot, StackBounds bounds) {
  if (slot == IstSlot::kNone) return;
  int index = static_cast<int>(slot) - 1;
  // The CPU reads the TSS only when it delivers an exception, so the switch takes effect for
  // the next one; the bounds are updated first so a report never names a stale stack.
  ist_bounds[index] = bounds;
  const uint64_t owner_slot = bounds.high - kIstOwnerSlotBytes;
  *reinterpret_cast<uint64_t*>(owner_slot) = *reinterpret_cast<const uint64_t*>(tss.ist[index]);
  tss.ist[index] = owner_slot;
}

}  // namespace raeen::kernel::arch
