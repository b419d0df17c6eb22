#pragma once
// This CPU's local APIC [Intel SDM vol. 3A, chapter 11]: enabled in x2APIC mode (MSRs) when
// CPUID offers it, else in xAPIC mode (the MMIO page named by IA32_APIC_BASE, mapped with
// MapMmio). The boot CPU chooses the mode (InitLocalApic); every other CPU follows it
// (InitLocalApicOnThisCpu).

#include <stdint.h>

#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/arch/x86_64/lapic_registers.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::arch {

enum class ApicMode : uint8_t { kNone, kXApic, kX2Apic };
rstd::StringView ApicModeName(ApicMode mode);

// Enables the local APIC with every LVT entry masked except LINT1 (NMI) and the error entry,
// task priority 0 and spurious vector vectors::kSpurious [SDM 3A, 11.4.3, 11.9]. The 8259s
// must already be masked (pic.h). Errors: kUnsupported without an APIC; MapMmio's errors for
// the xAPIC page.
Result<ApicMode> InitLocalApic(const CpuFeatures& features);

// An application processor's local APIC, in the mode the boot CPU chose: enabled (x2APIC mode
// entered when the boot CPU uses it) and programmed as InitLocalApic does. The xAPIC page is
// at the same physical address on every CPU, so the boot CPU's mapping serves all of them.
// kBadState before InitLocalApic succeeded on the boot CPU.
Result<void> InitLocalApicOnThisCpu();

ApicMode LocalApicMode();
uint32_t LocalApicId();

uint32_t ReadLocalApic(uint32_t reg);
void WriteLocalApic(uint32_t reg, uint32_t value);

// Signals the end of the interrupt in service. Never for the spurious vector [SDM 3A, 11.9].
void LocalApicEoi();

// A fixed interrupt on `vector` to this CPU only. Writes only the ICR's low half (x2APIC:
// one MSR write), so it is safe from the NMI handler even when the NMI interrupted another
// ICR write.
void SendSelfIpi(uint8_t vector);

// Inter-processor interrupts to the CPU with local APIC ID `apic_id` (physical destination
// mode) [SDM 3A, 11.6.1]. Not for use from the NMI handler. INIT and STARTUP are the start-up
// sequence's [SDM 3A, 9.4.4.1]: INIT (level assert) resets the target into wait-for-SIPI,
// STARTUP starts it in real mode at physical address page_number * 4 KiB (below 1 MiB).
void SendFixedIpi(uint32_t apic_id, uint8_t vector);
void SendInitIpi(uint32_t apic_id);
void SendStartupIpi(uint32_t apic_id, uint8_t page_number);
// An NMI to the CPU with local APIC ID `apic_id`: it arrives even with interrupts disabled
// there (cpu_stop.h uses it to halt the other CPUs on panic).
void SendNmi(uint32_t apic_id);

// An NMI to this CPU, addressed by its APIC ID (the "self" shorthand is valid for fixed
// delivery only [SDM 3A, 11.6.1, table 11-3]). Not for use from the NMI handler.
void SendNmiToSelf();

}  // namespace raeen::kernel::arch
