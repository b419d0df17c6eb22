// In-kernel tests of AP start-up (smp_boot.h): every MADT CPU online, each with its own per-CPU
// area, GDT and TSS; a fixed IPI reaching exactly the CPU it was sent to; the start-up page's
// identity mapping gone once the APs run.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/smp_boot.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kOneSecondNs = 1'000'000'000;

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

KTEST(smp, boot_cpu_per_cpu_area_through_gs) {
  KTEST_EXPECT(arch::HasCurrentCpu());
  if (!arch::HasCurrentCpu()) return;
  arch::PerCpu* cpu = arch::CurrentCpu();
  KTEST_EXPECT(cpu == &arch::CpuByIndex(0));
  KTEST_EXPECT(cpu->self == cpu);
  KTEST_EXPECT(cpu->index == 0);
  KTEST_EXPECT(cpu->apic_id == arch::LocalApicId());
  KTEST_EXPECT(cpu->tss == &arch::BootCpuTss());
}

KTEST(smp, each_ap_has_its_own_per_cpu_area_and_tables) {
  const uint32_t count = arch::CpuCount();
  for (uint32_t i = 1; i < count; ++i) {
    const arch::PerCpu& cpu = arch::CpuByIndex(i);
    const arch::ApObservation& seen = arch::ObservationOf(i);
    KTEST_EXPECT(seen.index_from_gs == i);
    KTEST_EXPECT(seen.per_cpu_from_gs == reinterpret_cast<uint64_t>(&cpu));
    KTEST_EXPECT(seen.apic_id == cpu.apic_id);
    KTEST_EXPECT(seen.apic_id != arch::LocalApicId());
    KTEST_EXPECT(InMadt(seen.apic_id));
    KTEST_EXPECT(seen.gdt_base == reinterpret_cast<uint64_t>(cpu.tables.gdt));
    KTEST_EXPECT(cpu.tss == &cpu.tables.tss);
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
      KTEST_EXPECT(cpu.tables.tss.ist[slot] == cpu.ist[slot].high);
      KTEST_EXPECT(cpu.ist[slot].high != 0);
    }
  }
}

volatile uint32_t ipi_seen_on = 0xffffffff;
volatile uint64_t ipi_hits = 0;
void RecordIpiCpu(arch::InterruptFrame&) {
  ipi_seen_on = arch::CurrentCpu()->index;
  ipi_hits = ipi_hits + 1;
}

KTEST(smp, call_function_ipi_runs_on_the_target_cpu) {
  if (arch::CpuCount() < 2) return;  // a single-CPU machine has nobody to call
  KTEST_EXPECT(arch::RegisterInterruptHandler(arch::vectors::kCallFunction, &RecordIpiCpu).ok());
  for (uint32_t target = 1; target < arch::CpuCount(); ++target) {
    ipi_seen_on = 0xffffffff;
    const uint64_t before = ipi_hits;
    arch::SendFixedIpi(arch::CpuByIndex(target).apic_id, arch::vectors::kCallFunction);
    const uint64_t limit = MonotonicNanoseconds() + kOneSecondNs;
    while (ipi_hits == before && MonotonicNanoseconds() < limit) arch::Pause();
    KTEST_EXPECT(ipi_hits == before + 1);
    KTEST_EXPECT(ipi_seen_on == target);
  }
  arch::UnregisterInterruptHandler(arch::vectors::kCallFunction);
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
