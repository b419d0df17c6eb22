#include "kernel/arch/x86_64/ioapic_routing.h"

namespace raeen::kernel::arch {
namespace {

// Redirection entry bits [82093AA datasheet, 3.2.4]. Delivery mode 000 (fixed) and
// destination mode 0 (physical) are the zero bits.
constexpr uint64_t kActiveLow = 1ull << 13;
constexpr uint64_t kLevelTriggered = 1ull << 15;
constexpr unsigned kDestinationShift = 56;

}  // namespace

Result<IsaRoute> RouteIsaIrq(const acpi::Madt& madt, rstd::Span<const IoApicRange> io_apics,
                             uint8_t irq) {
  if (irq > 15) return Error(Status::kInvalidArgument);
  const acpi::InterruptOverride source = madt.IsaIrq(irq);
  // "Bus default" for ISA is active high, edge triggered [ACPI 6.5, 5.2.12.5, table 5.50].
  const bool active_low = source.flags.polarity == acpi::Polarity::kActiveLow;
  const bool level = source.flags.trigger == acpi::TriggerMode::kLevel;
  for (uint32_t i = 0; i < io_apics.size(); ++i) {
    const IoApicRange& range = io_apics[i];
    if (source.gsi >= range.gsi_base && source.gsi - range.gsi_base < range.entries) {
      return IsaRoute{source.gsi, i, source.gsi - range.gsi_base, active_low, level};
    }
  }
  return Error(Status::kNotFound);
}

uint64_t EncodeRedirectionEntry(const RedirectionEntry& entry) {
  uint64_t value = entry.vector;
  if (entry.active_low) value |= kActiveLow;
  if (entry.level_triggered) value |= kLevelTriggered;
  if (entry.masked) value |= kRedirectionMasked;
  value |= static_cast<uint64_t>(entry.destination) << kDestinationShift;
  return value;
}

RedirectionEntry DecodeRedirectionEntry(uint64_t value) {
  return RedirectionEntry{
      .vector = static_cast<uint8_t>(value),
      .destination = static_cast<uint8_t>(value >> kDestinationShift),
      .active_low = (value & kActiveLow) != 0,
      .level_triggered = (value & kLevelTriggered) != 0,
      .masked = (value & kRedirectionMasked) != 0,
  };
}

uint8_t SteeredDestination(rstd::Span<const uint8_t> allowed, uint32_t gsi, uint8_t current) {
  for (uint8_t id : allowed) {
    if (id == current) return current;
  }
  return allowed[gsi % allowed.size()];
}

}  // namespace raeen::kernel::arch
