#pragma once
// Non-maskable interrupts (vector 2). While another CPU reports a panic, an NMI is its
// request that this CPU stop: the handler halts here for good (cpu_stop.h). Otherwise it is
// counted and the kernel continues: it can be a watchdog, a self-test, or a platform error the
// chipset reports through port 0x61 (bit 7: memory parity / SERR#, bit 6: I/O channel check)
// [PC/AT Technical Reference, port 61h; Intel SDM vol. 3A, 6.7 and 11.5.1].
//
// An NMI can arrive while this CPU holds the log lock (which only keeps maskable interrupts
// out), so the handler never logs: it records what it saw and sends this CPU a self-IPI on
// vectors::kNmiReport, whose ordinary handler logs once interrupts are enabled again.

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"

namespace raeen::kernel::arch {

// Called from HandleInterrupt for vector 2, on the NMI IST stack.
void HandleNmi(const InterruptFrame& frame);

// NMIs handled since boot.
uint64_t NmiCount();

// Registers the kNmiReport handler; call once the local APIC is up.
void StartNmiReports();

}  // namespace raeen::kernel::arch
