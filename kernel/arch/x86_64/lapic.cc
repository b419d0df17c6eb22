#include "kernel/arch/x86_64/lapic.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/mm/mmio.h"

namespace raeen::kernel::arch {
namespace {

using namespace lapic;

ApicMode mode = ApicMode::kNone;
volatile uint32_t* xapic_registers = nullptr;  // the mapped xAPIC page (xAPIC mode only)

constexpr uint64_t kXApicPageSize = 4096;
// Bounded wait for an xAPIC ICR send to leave "send pending": ~100 ms at the TSC's fastest.
constexpr uint64_t kIcrWaitTicks = 1'000'000'000;

void WaitForIcrIdle() {
  if (mode != ApicMode::kXApic) return;  // x2APIC has no delivery status bit
  uint64_t start = ReadTsc();
  while ((ReadLocalApic(kIcrLow) & kIcrDeliveryPending) != 0 && ReadTsc() - start < kIcrWaitTicks) {
    Pause();
  }
}

// The state InitLocalApic describes, on the calling CPU.
void ProgramLocalApic() {
  // Every local source masked first, then only what the kernel handles opened. LINT0 would
  // bring in the 8259s (ExtINT); LINT1 is the platform's NMI pin on PC-compatible machines
  // [MADT Local APIC NMI entries; MP spec 5.1].
  WriteLocalApic(kLvtTimer, kLvtMasked | vectors::kLocalTimer);
  WriteLocalApic(kLvtLint0, kLvtMasked);
  WriteLocalApic(kLvtLint1, kLvtDeliveryNmi);
  WriteLocalApic(kLvtError, vectors::kApicError);
  // The error status register latches on a write; two writes clear it [SDM 3A, 11.5.3].
  WriteLocalApic(kErrorStatus, 0);
  WriteLocalApic(kErrorStatus, 0);
  WriteLocalApic(kTaskPriority, 0);
  WriteLocalApic(kSpuriousVector, kSoftwareEnable | vectors::kSpurious);
  // Retire anything the firmware left in service.
  WriteLocalApic(kEoi, 0);
}

// Writes the ICR for `low` to `apic_id`: one MSR write in x2APIC mode; in xAPIC mode the high
// half first (writing the low half sends) with interrupts off, so no handler on this CPU can
// send between the two writes [SDM 3A, 11.6.1].
void SendDirected(uint32_t apic_id, uint32_t low) {
  if (mode == ApicMode::kNone) return;
  if (mode == ApicMode::kX2Apic) {
    WriteMsr(X2ApicMsr(kIcrLow), (static_cast<uint64_t>(apic_id) << 32) | low);
    return;
  }
  uint64_t flags = SaveFlagsAndDisableInterrupts();
  WaitForIcrIdle();
  WriteLocalApic(kIcrHigh, apic_id << 24);
  WriteLocalApic(kIcrLow, low);
  WaitForIcrIdle();
  RestoreFlags(flags);
}

}  // namespace

rstd::StringView ApicModeName(ApicMode m) {
  switch (m) {
    case ApicMode::kXApic: return "xAPIC";
    case ApicMode::kX2Apic: return "x2APIC";
    case ApicMode::kNone: break;
  }
  return "none";
}

uint32_t ReadLocalApic(uint32_t reg) {
  if (mode == ApicMode::kX2Apic) return static_cast<uint32_t>(ReadMsr(X2ApicMsr(reg)));
  return xapic_registers[reg / 4];
}

void WriteLocalApic(uint32_t reg, uint32_t value) {
  if (mode == ApicMode::kX2Apic) {
    WriteMsr(X2ApicMsr(reg), value);
  } else {
    xapic_registers[reg / 4] = value;
  }
}

Result<ApicMode> InitLocalApic(const CpuFeatures& features) {
  if (!features.apic) return Error(Status::kUnsupported);
  uint64_t base = ReadMsr(kMsrApicBase);
  // The xAPIC must be enabled before x2APIC mode can be entered [SDM 3A, 11.12.5, figure
  // 11-27]; firmware normally leaves it enabled.
  if ((base & kApicBaseEnable) == 0) {
    base |= kApicBaseEnable;
    WriteMsr(kMsrApicBase, base);
  }
  if (features.x2apic) {
    if ((base & kApicBaseX2Apic) == 0) WriteMsr(kMsrApicBase, base | kApicBaseX2Apic);
    mode = ApicMode::kX2Apic;
  } else {
    RAEEN_TRY(uint64_t virt, MapMmio(base & kApicBaseAddressMask, kXApicPageSize));
    xapic_registers = reinterpret_cast<volatile uint32_t*>(virt);
    mode = ApicMode::kXApic;
  }

  ProgramLocalApic();
  return mode;
}

Result<void> InitLocalApicOnThisCpu() {
  if (mode == ApicMode::kNone) return Error(Status::kBadState);
  uint64_t base = ReadMsr(kMsrApicBase);
  if ((base & kApicBaseEnable) == 0) {
    base |= kApicBaseEnable;
    WriteMsr(kMsrApicBase, base);
  }
  if (mode == ApicMode::kX2Apic && (base & kApicBaseX2Apic) == 0) {
    WriteMsr(kMsrApicBase, base | kApicBaseX2Apic);
  }
  ProgramLocalApic();
  return {};
}

ApicMode LocalApicMode() { return mode; }

uint32_t LocalApicId() {
  uint32_t id = ReadLocalApic(kId);
  // xAPIC keeps its 8-bit ID in bits 31:24; x2APIC's is the whole register [SDM 3A, 11.4.6].
  return mode == ApicMode::kX2Apic ? id : id >> 24;
}

void LocalApicEoi() {
  // Without an APIC nothing can be in service (the 8259s are masked); no register to write.
  if (mode == ApicMode::kNone) return;
  WriteLocalApic(kEoi, 0);
}

void SendSelfIpi(uint8_t vector) {
  if (mode == ApicMode::kNone) return;
  WaitForIcrIdle();
  // In x2APIC mode the ICR is one 64-bit MSR; the self shorthand ignores the destination.
  WriteLocalApic(kIcrLow, SelfIpi(Delivery::kFixed, vector));
}

void SendFixedIpi(uint32_t apic_id, uint8_t vector) {
  SendDirected(apic_id, DirectedIpi(Delivery::kFixed, vector));
}

void SendInitIpi(uint32_t apic_id) { SendDirected(apic_id, DirectedIpi(Delivery::kInit, 0)); }

void SendStartupIpi(uint32_t apic_id, uint8_t page_number) {
  SendDirected(apic_id, DirectedIpi(Delivery::kStartup, page_number));
}

void SendNmi(uint32_t apic_id) { SendDirected(apic_id, DirectedIpi(Delivery::kNmi, 0)); }

void SendNmiToSelf() {
  if (mode == ApicMode::kNone) return;
  const uint32_t id = LocalApicId();
  const uint32_t low = kIcrLevelAssert | (static_cast<uint32_t>(Delivery::kNmi) << 8);
  if (mode == ApicMode::kX2Apic) {
    WriteMsr(X2ApicMsr(kIcrLow), (static_cast<uint64_t>(id) << 32) | low);
    return;
  }
  // High half first: writing the low half sends [SDM 3A, 11.6.1].
  uint64_t flags = SaveFlagsAndDisableInterrupts();
  WaitForIcrIdle();
  WriteLocalApic(kIcrHigh, id << 24);
  WriteLocalApic(kIcrLow, low);
  WaitForIcrIdle();
  RestoreFlags(flags);
}

}  // namespace raeen::kernel::arch
