#pragma once
// Local APIC registers and the encodings the kernel writes into them [Intel SDM vol. 3A,
// chapter 11 (10 in older editions): 11.4.1 table 11-1, 11.5.1, 11.6.1, 11.12.1]. Pure
// constants and arithmetic, shared by the xAPIC and x2APIC paths and host-tested
// (tests/host/kernel/arch/x86_64/lapic_registers_test.cc).

#include <stdint.h>

namespace raeen::kernel::arch::lapic {

// Register offsets in the xAPIC MMIO page. In x2APIC mode register `offset` is MSR
// 0x800 + offset / 16 [SDM 3A, 11.12.1.2].
inline constexpr uint32_t kId = 0x020;
inline constexpr uint32_t kVersion = 0x030;
inline constexpr uint32_t kTaskPriority = 0x080;
inline constexpr uint32_t kEoi = 0x0b0;
inline constexpr uint32_t kSpuriousVector = 0x0f0;
inline constexpr uint32_t kErrorStatus = 0x280;
inline constexpr uint32_t kIcrLow = 0x300;
inline constexpr uint32_t kIcrHigh = 0x310;  // xAPIC only; x2APIC's ICR is one 64-bit MSR
inline constexpr uint32_t kLvtTimer = 0x320;
inline constexpr uint32_t kLvtLint0 = 0x350;
inline constexpr uint32_t kLvtLint1 = 0x360;
inline constexpr uint32_t kLvtError = 0x370;
inline constexpr uint32_t kTimerInitialCount = 0x380;
inline constexpr uint32_t kTimerCurrentCount = 0x390;
inline constexpr uint32_t kTimerDivide = 0x3e0;

inline constexpr uint32_t kX2ApicMsrBase = 0x800;
constexpr uint32_t X2ApicMsr(uint32_t offset) { return kX2ApicMsrBase + offset / 16; }

// IA32_APIC_BASE [SDM 3A, 11.4.4]: bit 11 enables the APIC, bit 10 selects x2APIC mode,
// bits 51:12 hold the xAPIC page's physical address.
inline constexpr uint32_t kMsrApicBase = 0x1b;
inline constexpr uint64_t kApicBaseEnable = 1ull << 11;
inline constexpr uint64_t kApicBaseX2Apic = 1ull << 10;
inline constexpr uint64_t kApicBaseAddressMask = 0x000f'ffff'ffff'f000;
// IA32_TSC_DEADLINE [SDM 3A, 11.5.4.1]: writing 0 disarms.
inline constexpr uint32_t kMsrTscDeadline = 0x6e0;

// Spurious-interrupt vector register: bit 8 is the APIC software enable [SDM 3A, 11.9].
inline constexpr uint32_t kSoftwareEnable = 1u << 8;

// LVT entries [SDM 3A, 11.5.1, figure 11-8].
inline constexpr uint32_t kLvtMasked = 1u << 16;
inline constexpr uint32_t kLvtTimerOneShot = 0u << 17;
inline constexpr uint32_t kLvtTimerTscDeadline = 2u << 17;
inline constexpr uint32_t kLvtDeliveryNmi = 4u << 8;
inline constexpr uint32_t kLvtDeliveryExtInt = 7u << 8;

// Divide configuration 1011b: divide by 1 [SDM 3A, 11.5.4, figure 11-10].
inline constexpr uint32_t kTimerDivideBy1 = 0b1011;

// Interrupt command register, low half [SDM 3A, 11.6.1, figure 11-12].
enum class Delivery : uint32_t { kFixed = 0, kNmi = 4, kInit = 5, kStartup = 6 };
inline constexpr uint32_t kIcrDeliveryPending = 1u << 12;  // xAPIC only
inline constexpr uint32_t kIcrLevelAssert = 1u << 14;
inline constexpr uint32_t kIcrShorthandSelf = 1u << 18;

// ICR low half for an interrupt to this CPU alone ("self" shorthand: the destination field
// is ignored, so the high half need not be written). For NMI the vector is ignored.
constexpr uint32_t SelfIpi(Delivery delivery, uint8_t vector) {
  return kIcrShorthandSelf | kIcrLevelAssert | (static_cast<uint32_t>(delivery) << 8) |
         (delivery == Delivery::kFixed ? vector : 0);
}

// ICR low half for an interrupt to the CPU named in the destination field (no shorthand,
// physical destination mode, edge triggered, level assert) [SDM 3A, 11.6.1]. INIT and STARTUP
// follow the SDM's start-up example [SDM 3A, 9.4.4.1]; the vector of a STARTUP IPI is the
// start-up page's number; INIT and NMI ignore it.
constexpr uint32_t DirectedIpi(Delivery delivery, uint8_t vector) {
  const bool has_vector = delivery == Delivery::kFixed || delivery == Delivery::kStartup;
  return kIcrLevelAssert | (static_cast<uint32_t>(delivery) << 8) | (has_vector ? vector : 0);
}

// The one-shot initial count that makes the APIC timer (ticking at `timer_hz`) expire no
// earlier than `delay_ns` from now: rounded up, at least 1 (0 would stop the timer), at most
// the 32-bit maximum (the caller re-arms when that comes first). 64-bit arithmetic only: the
// kernel has no 128-bit division.
constexpr uint32_t OneShotCount(uint64_t delay_ns, uint64_t timer_hz) {
  constexpr uint64_t kNsPerSecond = 1'000'000'000;
  constexpr uint64_t kMaxCount = 0xffff'ffff;
  const uint64_t whole_seconds = delay_ns / kNsPerSecond;
  if (timer_hz == 0 || whole_seconds >= kMaxCount / timer_hz + 1) return 0xffff'ffff;
  // Both products stay below 2^64 for timer_hz < 2^34 (17 GHz); callers clamp to that.
  const uint64_t ticks = whole_seconds * timer_hz +
                         ((delay_ns % kNsPerSecond) * timer_hz + kNsPerSecond - 1) / kNsPerSecond;
  if (ticks == 0) return 1;
  if (ticks > kMaxCount) return 0xffff'ffff;
  return static_cast<uint32_t>(ticks);
}

}  // namespace raeen::kernel::arch::lapic
