#pragma once
// This CPU's local APIC [Intel SDM vol. 3A, chapter 11]: enabled in x2APIC mode (MSRs) when
// CPUID offers it, else in xAPIC mode (the MMIO page named by IA32_APIC_BASE, mapped with
// MapMmio). Only the boot CPU runs this today; the SMP issue calls InitLocalApic on each CPU.

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

// An NMI to this CPU, addressed by its APIC ID (the "self" shorthand is valid for fixed
// delivery only [SDM 3A, 11.6.1, table 11-3]). Not for use from the NMI handler.
void SendNmiToSelf();

}  // namespace raeen::kernel::arch
