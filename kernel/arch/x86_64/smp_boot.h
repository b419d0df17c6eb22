#pragma once
// Starts the application processors [Intel SDM vol. 3A, 9.4]: every enabled MADT processor
// other than the boot CPU gets INIT, STARTUP, STARTUP through the local APIC, runs the
// real-mode trampoline (ap_trampoline.S) from a page below 1 MiB into the kernel's address
// space, and ends in ApMain: its own GDT/TSS/IST stacks, the kernel's IDT, the boot CPU's
// protections and FPU set-up (InitFpu), its local APIC, per-CPU data through GS, a TSC skew
// handshake with the boot CPU, then its scheduler (RunSchedulerOnThisCpu,
// kernel/thread/thread.h). One AP at a time, each awaited for up to a second; a CPU that does
// not come up is logged, sent INIT again (parked) and left out.
//
// The boot CPU's per-CPU data (index 0) is set up here too. The trampoline page's identity
// mapping exists only while APs start; it is removed before StartSecondaryCpus returns.
//
// Kernel command line: `smp=off` keeps the APs parked (the boot CPU still gets its PerCpu).

#include <stdint.h>

#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {

// After StartInterruptsAndTimer (needs the local APIC, the kernel address space, the
// calibrated clock and the ACPI tables). Logs `smp: N of M cpus online`.
void StartSecondaryCpus(const CpuFeatures& features);

// CPUs running kernel code, the boot CPU included.
uint32_t OnlineCpuCount();

// What each AP saw about itself in ApMain, for tests (index: CPU index).
struct ApObservation {
  uint32_t index_from_gs;    // CurrentCpu()->index
  uint32_t apic_id;          // its local APIC's ID register
  uint64_t per_cpu_from_gs;  // CurrentCpu(): the address of its PerCpu
  uint64_t cr0;              // after EnableProtections and InitFpu
  uint64_t pat;              // IA32_PAT (0 without PAT)
  uint64_t cr4;
  uint64_t gdt_base;         // sgdt
  uint64_t idt_base;         // sidt
};
const ApObservation& ObservationOf(uint32_t cpu_index);

// The physical page the start-up code ran from (0 when no AP was started).
uint64_t TrampolinePage();

// The largest |TSC skew| measured between the boot CPU and an AP, in nanoseconds (0 without
// APs); -1 when some AP's handshake did not complete.
int64_t MaxTscSkewNanoseconds();

}  // namespace raeen::kernel::arch
