#pragma once
// Where an ISA IRQ goes and how an I/O APIC redirection entry says so: the pure part of the
// I/O APIC driver (ioapic.h), host-tested (tests/host/kernel/arch/x86_64/ioapic_routing_test.cc).
//
// An ISA IRQ is GSI `irq` with the ISA defaults (edge triggered, active high) unless the MADT
// has an interrupt source override for it [ACPI 6.5, 5.2.12.5]; the GSI belongs to the I/O
// APIC whose [gsi_base, gsi_base + entries) holds it, at pin gsi - gsi_base [ACPI 6.5,
// 5.2.12.3].

#include <stdint.h>

#include "kernel/acpi/madt.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::arch {

// The GSIs one I/O APIC serves: its MADT base and the entry count its version register gives.
struct IoApicRange {
  uint32_t gsi_base;
  uint32_t entries;
};

struct IsaRoute {
  uint32_t gsi;
  uint32_t io_apic;  // index into the ranges (and the MADT's I/O APIC list)
  uint32_t pin;
  bool active_low;
  bool level_triggered;
};

// Resolves ISA IRQ `irq` (0..15). kInvalidArgument for irq > 15; kNotFound when no I/O APIC
// serves its GSI.
Result<IsaRoute> RouteIsaIrq(const acpi::Madt& madt, rstd::Span<const IoApicRange> io_apics,
                             uint8_t irq);

// The number of redirection entries from the I/O APIC version register (IOAPICVER): bits
// 23:16 hold the highest entry index [82093AA datasheet, 3.2.2].
constexpr uint32_t RedirectionEntryCount(uint32_t version_register) {
  return ((version_register >> 16) & 0xff) + 1;
}

// One redirection table entry [82093AA datasheet, 3.2.4], fixed delivery to one local APIC
// in physical destination mode: the only kind the kernel programs.
struct RedirectionEntry {
  uint8_t vector;
  uint8_t destination;  // xAPIC ID of the target CPU
  bool active_low;
  bool level_triggered;
  bool masked;
};

uint64_t EncodeRedirectionEntry(const RedirectionEntry& entry);
// Reads back what EncodeRedirectionEntry writes (delivery mode and status bits ignored).
RedirectionEntry DecodeRedirectionEntry(uint64_t value);

inline constexpr uint64_t kRedirectionMasked = 1ull << 16;

// Device-interrupt steering (irq_steering.h): the xAPIC ID the redirection entry of `gsi`
// should target when only the CPUs with IDs in `allowed` (not empty) may take device
// interrupts. `current` when it is allowed, so an entry never moves without need; otherwise
// allowed[gsi % allowed.size()], which spreads the moved entries over the allowed CPUs.
uint8_t SteeredDestination(rstd::Span<const uint8_t> allowed, uint32_t gsi, uint8_t current);

// The high half of a redirection entry naming `destination` [82093AA datasheet, 3.2.4: bits
// 63:56]. Writing only this half retargets a live entry in one register write.
constexpr uint32_t RedirectionHighHalf(uint8_t destination) {
  return static_cast<uint32_t>(destination) << 24;
}

}  // namespace raeen::kernel::arch
