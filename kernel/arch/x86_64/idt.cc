#include "kernel/arch/x86_64/idt.h"

#include <stdint.h>

#include "kernel/arch/x86_64/gdt.h"

// interrupt_entry.S: the entry point of every vector.
extern "C" const uint64_t raeen_interrupt_entries[256];

namespace raeen::kernel::arch {
namespace {

struct [[gnu::packed]] IdtGate {
  uint16_t offset_low;
  uint16_t selector;
  uint8_t ist;
  uint8_t type_attributes;
  uint16_t offset_mid;
  uint32_t offset_high;
  uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] IdtPointer {
  uint16_t limit;
  uint64_t base;
};

// Present, DPL 0, 64-bit interrupt gate (interrupts stay disabled in the handler).
constexpr uint8_t kInterruptGate = 0x8e;

alignas(16) IdtGate idt[256];

IstSlot IstFor(int vector) {
  switch (vector) {
    case 2: return IstSlot::kNmi;
    case 8: return IstSlot::kDoubleFault;
    case 18: return IstSlot::kMachineCheck;
    default: return IstSlot::kNone;
  }
}

}  // namespace

void InitIdt() {
  for (int vector = 0; vector < 256; ++vector) {
    uint64_t handler = raeen_interrupt_entries[vector];
    idt[vector] = IdtGate{
        .offset_low = static_cast<uint16_t>(handler),
        .selector = kKernelCodeSelector,
        .ist = static_cast<uint8_t>(IstFor(vector)),
        .type_attributes = kInterruptGate,
        .offset_mid = static_cast<uint16_t>(handler >> 16),
        .offset_high = static_cast<uint32_t>(handler >> 32),
        .reserved = 0,
    };
  }
  IdtPointer pointer{sizeof(idt) - 1, reinterpret_cast<uint64_t>(idt)};
  asm volatile("lidt %0" : : "m"(pointer) : "memory");
}

}  // namespace raeen::kernel::arch
