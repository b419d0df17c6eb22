#include "kernel/arch/x86_64/ioapic.h"

#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/mm/mmio.h"
#include "kernel/sync/spinlock.h"

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

// Any CPU may route or steer: IOREGSEL/IOWIN pairs must not interleave, and the steering
// list must not change under a route being written. The tables below are filled at boot
// (InitIoApics, one CPU) and only read afterwards.
sync::SpinLock io_apic_lock(sync::LockRank::kIoApic, "ioapic");

IoApicState io_apics[kMaxIoApics];
IoApicRange ranges[kMaxIoApics];
uint32_t io_apic_count = 0;
const acpi::Madt* routing_madt = nullptr;

// The xAPIC IDs that may take device interrupts (SetDeviceInterruptDestinations); empty means
// no restriction. Guarded by io_apic_lock.
uint8_t allowed_ids[kMaxCpus];
uint32_t allowed_count = 0;

uint8_t DestinationLocked(uint32_t gsi, uint8_t requested) {
  if (allowed_count == 0) return requested;
  return SteeredDestination(rstd::Span<const uint8_t>(allowed_ids, allowed_count), gsi, requested);
}

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
    sync::SpinLockGuard guard(io_apic_lock);
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
  sync::SpinLockGuard guard(io_apic_lock);
  WriteEntry(io_apics[route.io_apic], route.pin,
             EncodeRedirectionEntry(
                 {.vector = vector,
                  .destination = DestinationLocked(route.gsi, static_cast<uint8_t>(apic_id)),
                  .active_low = route.active_low,
                  .level_triggered = route.level_triggered,
                  .masked = true}));
  return route;
}

Result<void> SetIsaIrqMasked(uint8_t irq, bool masked) {
  RAEEN_TRY(IsaRoute route, Route(irq));
  sync::SpinLockGuard guard(io_apic_lock);
  const IoApicState& io_apic = io_apics[route.io_apic];
  uint32_t low = Read(io_apic, kRedirectionTable + 2 * route.pin);
  low = masked ? (low | kRedirectionMasked) : (low & ~static_cast<uint32_t>(kRedirectionMasked));
  Write(io_apic, kRedirectionTable + 2 * route.pin, low);
  return {};
}

Result<uint64_t> ReadIsaIrqEntry(uint8_t irq) {
  RAEEN_TRY(IsaRoute route, Route(irq));
  sync::SpinLockGuard guard(io_apic_lock);
  return ReadEntry(io_apics[route.io_apic], route.pin);
}

Result<void> SetDeviceInterruptDestinations(rstd::Span<const uint8_t> allowed) {
  if (allowed.size() > kMaxCpus) return Error(Status::kInvalidArgument);
  if (routing_madt == nullptr) return Error(Status::kBadState);
  sync::SpinLockGuard guard(io_apic_lock);
  allowed_count = static_cast<uint32_t>(allowed.size());
  for (uint32_t i = 0; i < allowed_count; ++i) allowed_ids[i] = allowed[i];
  if (allowed_count == 0) return {};  // unrestricted: entries keep their targets
  for (uint32_t i = 0; i < io_apic_count; ++i) {
    const IoApicState& io_apic = io_apics[i];
    for (uint32_t pin = 0; pin < io_apic.range.entries; ++pin) {
      const uint32_t high_reg = kRedirectionTable + 2 * pin + 1;
      const uint8_t current = static_cast<uint8_t>(Read(io_apic, high_reg) >> 24);
      const uint8_t target = DestinationLocked(io_apic.range.gsi_base + pin, current);
      // The destination alone, in one write: the vector, trigger mode and mask (the low
      // half) stay as they are, so a live edge-triggered entry loses no interrupt.
      if (target != current) Write(io_apic, high_reg, RedirectionHighHalf(target));
    }
  }
  return {};
}

}  // namespace raeen::kernel::arch
