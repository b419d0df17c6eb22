#include "kernel/arch/x86_64/interrupt_setup.h"

#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_nmi.h"
#include "kernel/arch/x86_64/interrupt_timer.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/pic.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/command_line.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

void HandleApicError(InterruptFrame&) {
  // The error status register latches on a write, then reads back [SDM 3A, 11.5.3].
  WriteLocalApic(lapic::kErrorStatus, 0);
  LogWarn("apic: error interrupt, error status {:#x}", ReadLocalApic(lapic::kErrorStatus));
}

const acpi::Madt* UsableMadt() {
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr || !acpi::PlatformTables::Usable(tables->madt_status)) return nullptr;
  return &tables->madt;
}

void StartIoApics() {
  const acpi::Madt* madt = UsableMadt();
  if (madt == nullptr) {
    LogWarn("ioapic: no usable ACPI MADT; ISA and PCI interrupts stay off");
    return;
  }
  if (Result<void> started = InitIoApics(*madt); !started.ok()) {
    LogWarn("ioapic: none usable ({}); ISA and PCI interrupts stay off", started.status());
    return;
  }
  for (uint32_t i = 0; i < IoApicCount(); ++i) {
    IoApicRange range = IoApicGsis(i);
    LogInfo("ioapic: #{} at {:#x}, GSIs {}..{}, all masked", i, madt->io_apics[i].address,
            range.gsi_base, range.gsi_base + range.entries - 1);
  }
  for (const acpi::InterruptOverride& entry : madt->Overrides()) {
    LogDebug("ioapic: ISA IRQ {} is GSI {} (polarity {}, trigger {})", entry.source, entry.gsi,
             static_cast<int>(entry.flags.polarity), static_cast<int>(entry.flags.trigger));
  }
}

void StartTimer(const CpuFeatures& features) {
  CommandLine command_line(GetBootInfo().handoff->command_line);
  rstd::StringView timer_option;
  const bool force_one_shot =
      command_line.Get("timer", &timer_option) && timer_option == "oneshot";
  Result<ApicTimerMode> mode = StartSystemTimer(features, force_one_shot);
  if (!mode.ok()) {
    LogError("timer: local APIC timer unusable ({}); no timer events", mode.status());
    return;
  }
  rstd::StringView why = features.tsc_deadline
                             ? (force_one_shot ? "TSC-deadline available, timer=oneshot given"
                                               : "CPUID offers TSC-deadline")
                             : "TSC-deadline not offered by the CPU";
  if (*mode == ApicTimerMode::kOneShot) {
    const uint64_t hz = ApicTimerHz();
    LogInfo("timer: {} at {}.{:03} MHz ({}); tickless", ApicTimerModeName(*mode), hz / 1'000'000,
            hz / 1'000 % 1'000, why);
  } else {
    LogInfo("timer: {} ({}); tickless", ApicTimerModeName(*mode), why);
  }
}

}  // namespace

void StartInterruptsAndTimer(const CpuFeatures& features) {
  // From here on an interrupt handler may log: the log lock must keep interrupts out while
  // it is held on this CPU, or a handler that logs would spin on it forever.
  KernelLog().SetInterruptControl({&SaveFlagsAndDisableInterrupts, &RestoreFlags});
  RemapAndMaskLegacyPics();
  Result<ApicMode> apic = InitLocalApic(features);
  if (!apic.ok()) {
    LogError("apic: no usable local APIC ({}); interrupts stay disabled, no timers",
             apic.status());
    return;
  }
  LogInfo("apic: {} mode ({}), local APIC ID {}, 8259 PICs masked", ApicModeName(*apic),
          features.x2apic ? "CPUID offers x2APIC" : "x2APIC not offered by the CPU",
          LocalApicId());
  StartNmiReports();
  (void)RegisterInterruptHandler(vectors::kApicError, &HandleApicError);
  StartIoApics();
  StartTimer(features);
  EnableInterrupts();
}

void IdleForever() {
  for (;;) asm volatile("sti; hlt" ::: "memory");
}

}  // namespace raeen::kernel::arch
