// In-kernel tests of AP start-up (smp_boot.h): every MADT CPU online, each with its own per-CPU
// area, GDT and TSS; a fixed IPI reaching exactly the CPU it was sent to; the start-up page's
// identity mapping gone once the APs run.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/smp_boot.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"

namespace raeen::kernel {
namespace {

uint32_t MadtEnabledCpus() {
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr || !acpi::PlatformTables::Usable(tables->madt_status)) return 1;
  uint32_t count = 0;
  for (const acpi::Processor& processor : tables->madt.Processors()) {
    if (processor.enabled) ++count;
  }
  return count;
}

bool InMadt(uint32_t apic_id) {
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr || !acpi::PlatformTables::Usable(tables->madt_status)) return false;
  for (const acpi::Processor& processor : tables->madt.Processors()) {
    if (processor.enabled && processor.apic_id == apic_id) return true;
  }
  return false;
}

KTEST(smp, every_madt_cpu_is_online) {
  KTEST_EXPECT(arch::OnlineCpuCount() == MadtEnabledCpus());
  KTEST_EXPECT(arch::CpuCount() == MadtEnabledCpus());
  for (uint32_t i = 0; i < arch::CpuCount(); ++i) {
    KTEST_EXPECT(__atomic_load_n(&arch::CpuByIndex(i).online, __ATOMIC_ACQUIRE) == 1);
  }
}

// What the boot CPU sees of itself through GS; read there with a cross-CPU call, since the
// test's thread may run on any CPU.
struct BootCpuView {
  bool has_current_cpu;
  arch::PerCpu* cpu;
  uint32_t local_apic_id;
};

void ViewThisCpu(void* arg) {
  auto& view = *static_cast<BootCpuView*>(arg);
  view.has_current_cpu = arch::HasCurrentCpu();
  view.cpu = view.has_current_cpu ? arch::CurrentCpu() : nullptr;
  view.local_apic_id = arch::LocalApicId();
}

KTEST(smp, boot_cpu_per_cpu_area_through_gs) {
  BootCpuView view{};
  KTEST_EXPECT(arch::RunOnCpus(arch::CpuBit(0), &ViewThisCpu, &view, /*wait=*/true).ok());
  KTEST_EXPECT(view.has_current_cpu);
  if (!view.has_current_cpu) return;
  arch::PerCpu* cpu = view.cpu;
  KTEST_EXPECT(cpu == &arch::CpuByIndex(0));
  KTEST_EXPECT(cpu->self == cpu);
  KTEST_EXPECT(cpu->index == 0);
  KTEST_EXPECT(cpu->apic_id == view.local_apic_id);
  KTEST_EXPECT(cpu->tss == &arch::BootCpuTss());
  // The IST stacks were replaced by guard-paged ones after boot; their owner slots moved along.
  for (uint64_t owner_slot : cpu->tss->ist) {
    if (owner_slot == 0) continue;
    KTEST_EXPECT(*reinterpret_cast<const arch::PerCpu* const*>(owner_slot) == cpu);
  }
}

KTEST(smp, each_ap_has_its_own_per_cpu_area_and_tables) {
  const uint32_t count = arch::CpuCount();
  for (uint32_t i = 1; i < count; ++i) {
    const arch::PerCpu& cpu = arch::CpuByIndex(i);
    const arch::ApObservation& seen = arch::ObservationOf(i);
    KTEST_EXPECT(seen.index_from_gs == i);
    KTEST_EXPECT(seen.per_cpu_from_gs == reinterpret_cast<uint64_t>(&cpu));
    KTEST_EXPECT(seen.apic_id == cpu.apic_id);
    KTEST_EXPECT(seen.apic_id != arch::CpuByIndex(0).apic_id);
    KTEST_EXPECT(InMadt(seen.apic_id));
    KTEST_EXPECT(seen.gdt_base == reinterpret_cast<uint64_t>(cpu.tables.gdt));
    KTEST_EXPECT(cpu.tss == &cpu.tables.tss.tss);
    // The same control registers as the boot CPU (paging, protections, FPU), the same IDT.
    KTEST_EXPECT(seen.cr0 == arch::ReadCr0());
    KTEST_EXPECT(seen.cr4 == arch::ReadCr4());
    if (seen.pat != 0) KTEST_EXPECT(seen.pat == arch::ReadMsr(0x277));  // IA32_PAT
    if (seen.cr0 != arch::ReadCr0() || seen.cr4 != arch::ReadCr4()) {
      LogInfo("smp test: cpu {} cr0 {:#x} cr4 {:#x}; cpu 0 cr0 {:#x} cr4 {:#x}", i, seen.cr0,
              seen.cr4, arch::ReadCr0(), arch::ReadCr4());
    }
    uint8_t idtr[10];
    asm volatile("sidt %0" : "=m"(idtr));
    uint64_t idt_base;
    __builtin_memcpy(&idt_base, idtr + 2, sizeof(idt_base));
    KTEST_EXPECT(seen.idt_base == idt_base);
    // IST stacks of its own, none shared with another CPU.
    for (uint32_t j = 0; j < count; ++j) {
      if (j == i) continue;
      KTEST_EXPECT(arch::ObservationOf(j).per_cpu_from_gs != seen.per_cpu_from_gs || j == 0);
      KTEST_EXPECT(arch::CpuByIndex(j).apic_id != cpu.apic_id);
      for (int slot = 0; slot < 3; ++slot) {
        KTEST_EXPECT(arch::CpuByIndex(j).ist[slot].high != cpu.ist[slot].high);
      }
    }
    for (int slot = 0; slot < 3; ++slot) {
      // TSS.IST points at the owner slot at the stack's top, which names this CPU (gdt.h).
      const uint64_t owner_slot = cpu.ist[slot].high - arch::kIstOwnerSlotBytes;
      KTEST_EXPECT(cpu.tables.tss.tss.ist[slot] == owner_slot);
      KTEST_EXPECT(cpu.ist[slot].high != 0);
      KTEST_EXPECT(*reinterpret_cast<const arch::PerCpu* const*>(owner_slot) == &cpu);
    }
  }
}

void RecordCpu(void* arg) { *static_cast<volatile uint32_t*>(arg) = arch::CurrentCpu()->index; }

KTEST(smp, call_function_ipi_runs_on_the_target_cpu) {
  if (arch::CpuCount() < 2) return;  // a single-CPU machine has nobody to call
  for (uint32_t target = 0; target < arch::CpuCount(); ++target) {
    volatile uint32_t seen_on = 0xffffffff;
    // Interrupts off: the test's thread stays on `self` while it calls.
    const uint64_t flags = arch::SaveFlagsAndDisableInterrupts();
    const uint32_t self = arch::CurrentCpu()->index;
    const uint64_t ipis_before = arch::InterruptCount(arch::vectors::kCallFunction);
    Result<void> ran = arch::RunOnCpus(arch::CpuBit(target), &RecordCpu,
                                       const_cast<uint32_t*>(&seen_on), /*wait=*/true);
    const uint64_t ipis_after = arch::InterruptCount(arch::vectors::kCallFunction);
    arch::RestoreFlags(flags);
    KTEST_EXPECT(ran.ok());
    KTEST_EXPECT(seen_on == target);
    // Another CPU took it through the vector (counted by its dispatcher); this one directly.
    if (target != self) KTEST_EXPECT(ipis_after > ipis_before);
  }
}

KTEST(smp, trampoline_identity_mapping_is_gone) {
  const uint64_t page = arch::TrampolinePage();
  if (page == 0) {
    KTEST_EXPECT(MadtEnabledCpus() == 1);
    return;
  }
  KTEST_EXPECT(page < (1ull << 20));
  KTEST_EXPECT(KernelAddressSpace().Translate(page).status() == Status::kNotFound);
}

KTEST(smp, tsc_skew_was_measured) {
  if (arch::CpuCount() < 2) return;
  KTEST_EXPECT(arch::MaxTscSkewNanoseconds() >= 0);
}

}  // namespace
}  // namespace raeen::kernel
