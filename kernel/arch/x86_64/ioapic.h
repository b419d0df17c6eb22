#pragma once
// The I/O APICs the MADT lists [82093AA datasheet; ACPI 6.5, 5.2.12.3]: each is mapped with
// MapMmio, its redirection entry count read from its version register, and every entry masked
// at start-up. ISA IRQs are then routed one by one to a vector on one local APIC, taking the
// MADT's interrupt source overrides into account (ioapic_routing.h holds that logic).
// Any CPU may call the functions below once InitIoApics ran (boot CPU, before the others
// start); a spinlock (rank kIoApic) serializes register access.

#include <stdint.h>

#include "kernel/acpi/madt.h"
#include "kernel/arch/x86_64/ioapic_routing.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

// `madt` must stay valid (it is the boot-time PlatformTables). Errors: kNotFound when the MADT
// lists no I/O APIC; MapMmio's errors. I/O APICs beyond the first kMaxIoApics are ignored.
Result<void> InitIoApics(const acpi::Madt& madt);

uint32_t IoApicCount();
// The GSIs I/O APIC `index` serves (index < IoApicCount()).
IoApicRange IoApicGsis(uint32_t index);

// Programs ISA IRQ `irq` to arrive on `vector` at the local APIC `apic_id` (an xAPIC ID),
// with the polarity and trigger mode the MADT gives it, and leaves it MASKED: unmask it once
// its handler is registered. While device interrupts are restricted to some CPUs
// (SetDeviceInterruptDestinations) and `apic_id` is not one of them, one of them gets it.
// Errors: RouteIsaIrq's; kBadState before InitIoApics.
Result<IsaRoute> RouteIsaIrqToVector(uint8_t irq, uint8_t vector, uint32_t apic_id);

// Masks or unmasks the redirection entry of ISA IRQ `irq` (routed earlier).
Result<void> SetIsaIrqMasked(uint8_t irq, bool masked);

// The raw redirection entry of ISA IRQ `irq`, for tests and diagnostics.
Result<uint64_t> ReadIsaIrqEntry(uint8_t irq);

// Restricts device interrupts to the local APICs with xAPIC IDs `allowed` (copied; at most
// kMaxCpus): every redirection entry, masked or not, is retargeted by SteeredDestination
// (ioapic_routing.h), and so is every later route. Only the destination half of an entry is
// rewritten, so a live entry is never masked and drops no edge. An empty list lifts the
// restriction (entries stay where they are). Policy lives in irq_steering.h; this is the
// mechanism. Errors: kInvalidArgument for more than kMaxCpus IDs; kBadState before
// InitIoApics.
Result<void> SetDeviceInterruptDestinations(rstd::Span<const uint8_t> allowed);

}  // namespace raeen::kernel::arch
