#pragma once
// The vector plan: which IDT vector carries what [Intel SDM vol. 3A, 6.2 and 11.8.3]. The
// local APIC serves interrupts by priority class (vector / 16), higher first, so the timer
// and IPIs sit above devices and the spurious vector is the top one.
//
//   0x00..0x1f  CPU exceptions (interrupt_entry.S, exceptions.cc)
//   0x20..0x2f  ISA IRQ 0..15 through the I/O APIC (ioapic.h)
//   0x30..0x3f  the 8259 PICs after their remap: masked, so only their spurious IRQ 7/15
//               can arrive, and these vectors keep them apart from real ones
//   0x40..0xdf  device interrupts (MSI, PCI INTx) allocated by drivers, later
//   0xe0..0xef  inter-processor interrupts (SMP): 0xe0 call-function (TLB shootdowns ride
//               on it, tlb.h), 0xe1 reschedule
//   0xf0..0xfe  this CPU's own sources: timer, deferred NMI report, self-test, APIC error
//   0xff        spurious local APIC interrupt (its low nibble must be 0xf on P6-era APICs)

#include <stdint.h>

namespace raeen::kernel::arch::vectors {

inline constexpr uint8_t kFirstExternal = 0x20;  // first vector that is not an exception
inline constexpr uint8_t kIsaIrqBase = 0x20;
inline constexpr uint8_t kIsaIrqCount = 16;
inline constexpr uint8_t kLegacyPicBase = 0x30;
inline constexpr uint8_t kFirstDevice = 0x40;
inline constexpr uint8_t kLastDevice = 0xdf;
inline constexpr uint8_t kFirstIpi = 0xe0;
inline constexpr uint8_t kLastIpi = 0xef;
inline constexpr uint8_t kCallFunction = 0xe0;  // "run this on that CPU" (ipi.h owns it)
inline constexpr uint8_t kReschedule = 0xe1;    // "look at your run queue" (the scheduler)
inline constexpr uint8_t kLocalTimer = 0xf0;
inline constexpr uint8_t kNmiReport = 0xf1;  // self-IPI from the NMI handler (nmi.h)
inline constexpr uint8_t kSelfTest = 0xf2;   // KTESTs send themselves this one
inline constexpr uint8_t kApicError = 0xfe;
inline constexpr uint8_t kSpurious = 0xff;

constexpr uint8_t IsaIrq(uint8_t irq) { return static_cast<uint8_t>(kIsaIrqBase + irq); }

}  // namespace raeen::kernel::arch::vectors
