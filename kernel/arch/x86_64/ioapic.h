#pragma once
// The I/O APICs the MADT lists [82093AA datasheet; ACPI 6.5, 5.2.12.3]: each is mapped with
// MapMmio, its redirection entry count read from its version register, and every entry masked
// at start-up. ISA IRQs are then routed one by one to a vector on one local APIC, taking the
// MADT's interrupt source overrides into account (ioapic_routing.h holds that logic).
// Boot CPU only, with interrupts disabled around each call (no lock yet).

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
// its handler is registered. Errors: RouteIsaIrq's; kBadState before InitIoApics.
Result<IsaRoute> RouteIsaIrqToVector(uint8_t irq, uint8_t vector, uint32_t apic_id);

// Masks or unmasks the redirection entry of ISA IRQ `irq` (routed earlier).
Result<void> SetIsaIrqMasked(uint8_t irq, bool masked);

// The raw redirection entry of ISA IRQ `irq`, for tests and diagnostics.
Result<uint64_t> ReadIsaIrqEntry(uint8_t irq);

}  // namespace raeen::kernel::arch
