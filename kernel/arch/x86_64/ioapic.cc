#include "kernel/arch/x86_64/ioapic.h"

#include "kernel/mm/mmio.h"

namespace raeen::kernel::arch {
namespace {

// Indirect register access: select with IOREGSEL, then read or write IOWIN [82093AA
// datasheet, 3.1].
constexpr uint32_t kRegisterSelect = 0x00 / 4;
constexpr uint32_t kWindow = 0x10 / 4;
constexpr uint32_t kVersionRegister = 0x01;
constexpr uint32_t kRedirectionTable = 0x10;  // entry n: 0x10 + 2n (low), 0x11 + 2n (high)
constexpr uint64_t kRegisterBlockSize = 0x20;
constexpr uint32_t kMaxIoApics = acpi::Madt::kMaxIoApics;

struct IoApicState {
  volatile uint32_t* registers;
  IoApicRange range;
};

IoApicState io_apics[kMaxIoApics];
IoApicRange ranges[kMaxIoApics];
uint32_t io_apic_count = 0;
const acpi::Madt* routing_madt = nullptr;

uint32_t Read(const IoApicState& io_apic, uint32_t reg) {
  io_apic.registers[kRegisterSelect] = reg;
  return io_apic.registers[kWindow];
}

void Write(const IoApicState& io_apic, uint32_t reg, uint32_t value) {
  io_apic.registers[kRegisterSelect] = reg;
  io_apic.registers[kWindow] = value;
}

uint64_t ReadEntry(const IoApicState& io_apic, uint32_t pin) {
  uint64_t low = Read(io_apic, kRedirectionTable + 2 * pin);
  uint64_t high = Read(io_apic, kRedirectionTable + 2 * pin + 1);
  return (high << 32) | low;
}

// Masked low half first, so the entry is never live with half of its new contents.
void WriteEntry(const IoApicState& io_apic, uint32_t pin, uint64_t value) {
  Write(io_apic, kRedirectionTable + 2 * pin, static_cast<uint32_t>(value) | kRedirectionMasked);
  Write(io_apic, kRedirectionTable + 2 * pin + 1, static_cast<uint32_t>(value >> 32));
  Write(io_apic, kRedirectionTable + 2 * pin, static_cast<uint32_t>(value));
}

Result<IsaRoute> Route(uint8_t irq) {
  if (routing_madt == nullptr) return Error(Status::kBadState);
  return RouteIsaIrq(*routing_madt, rstd::Span<const IoApicRange>(ranges, io_apic_count), irq);
}

}  // namespace

Result<void> InitIoApics(const acpi::Madt& madt) {
  if (madt.io_apic_count == 0) return Error(Status::kNotFound);
  io_apic_count = 0;
  for (const acpi::IoApic& entry : madt.IoApics()) {
    if (io_apic_count == kMaxIoApics) break;
    RAEEN_TRY(uint64_t virt, MapMmio(entry.address, kRegisterBlockSize));
    IoApicState& io_apic = io_apics[io_apic_count];
    io_apic.registers = reinterpret_cast<volatile uint32_t*>(virt);
    io_apic.range = {entry.gsi_base, RedirectionEntryCount(Read(io_apic, kVersionRegister))};
    ranges[io_apic_count] = io_apic.range;
    // Firmware may leave entries live; nothing is routed until a driver asks.
    for (uint32_t pin = 0; pin < io_apic.range.entries; ++pin) {
      WriteEntry(io_apic, pin, ReadEntry(io_apic, pin) | kRedirectionMasked);
    }
    ++io_apic_count;
  }
  routing_madt = &madt;
  return {};
}

uint32_t IoApicCount() { return io_apic_count; }

IoApicRange IoApicGsis(uint32_t index) { return ranges[index]; }

Result<IsaRoute> RouteIsaIrqToVector(uint8_t irq, uint8_t vector, uint32_t apic_id) {
  if (apic_id > 0xff) return Error(Status::kUnsupported);  // needs interrupt remapping
  RAEEN_TRY(IsaRoute route, Route(irq));
  WriteEntry(io_apics[route.io_apic], route.pin,
             EncodeRedirectionEntry({.vector = vector,
                                     .destination = static_cast<uint8_t>(apic_id),
                                     .active_low = route.active_low,
                                     .level_triggered = route.level_triggered,
                                     .masked = true}));
  return route;
}

Result<void> SetIsaIrqMasked(uint8_t irq, bool masked) {
  RAEEN_TRY(IsaRoute route, Route(irq));
  const IoApicState& io_apic = io_apics[route.io_apic];
  uint32_t low = Read(io_apic, kRedirectionTable + 2 * route.pin);
  low = masked ? (low | kRedirectionMasked) : (low & ~static_cast<uint32_t>(kRedirectionMasked));
  Write(io_apic, kRedirectionTable + 2 * route.pin, low);
  return {};
}

Result<uint64_t> ReadIsaIrqEntry(uint8_t irq) {
  RAEEN_TRY(IsaRoute route, Route(irq));
  return ReadEntry(io_apics[route.io_apic], route.pin);
}

}  // namespace raeen::kernel::arch
