#pragma once
// The Multiple APIC Description Table [ACPI 6.5, 5.2.12]: the processors (local APIC and
// x2APIC entries), the I/O APICs, how ISA interrupts map onto global system interrupts, the
// NMI wiring and the local APIC address. The interrupt code reads its routing from here.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi {

// MPS INTI flags [ACPI 6.5, 5.2.12.5]: bits 1:0 polarity, bits 3:2 trigger mode.
// "Bus default" means: as the bus says (ISA: active high, edge triggered).
enum class Polarity : uint8_t { kBusDefault, kActiveHigh, kActiveLow };
enum class TriggerMode : uint8_t { kBusDefault, kEdge, kLevel };

struct InterruptFlags {
  Polarity polarity;
  TriggerMode trigger;
};

// A processor the OS may use: a Processor Local APIC entry [ACPI 6.5, 5.2.12.2] or a
// Processor Local x2APIC entry [ACPI 6.5, 5.2.12.12] that is enabled or online capable.
// Entries that are neither are ignored, as the specification asks.
struct Processor {
  uint32_t apic_id;     // xAPIC ID (0..254) or x2APIC ID
  uint32_t uid;         // ACPI processor UID, what the NMI entries refer to
  bool x2apic;          // described by an x2APIC entry
  bool enabled;         // usable now
  bool online_capable;  // not enabled, but the platform can bring it online at run time
};

// I/O APIC [ACPI 6.5, 5.2.12.3].
struct IoApic {
  uint8_t id;
  uint32_t address;   // physical address of its registers
  uint32_t gsi_base;  // first global system interrupt it serves
};

// Interrupt Source Override [ACPI 6.5, 5.2.12.5]: ISA IRQ `source` is GSI `gsi`.
struct InterruptOverride {
  uint8_t bus;  // 0: ISA (the only value the specification defines)
  uint8_t source;
  uint32_t gsi;
  InterruptFlags flags;
};

// Non-Maskable Interrupt Source [ACPI 6.5, 5.2.12.6]: a GSI wired as NMI.
struct NmiSource {
  uint32_t gsi;
  InterruptFlags flags;
};

// Local APIC NMI [ACPI 6.5, 5.2.12.7] or Local x2APIC NMI [ACPI 6.5, 5.2.12.13]: which LINT
// pin of which processor carries NMI.
struct LocalApicNmi {
  static constexpr uint32_t kAllProcessors = 0xffffffff;

  uint32_t processor_uid;  // kAllProcessors for every processor
  uint8_t lint;            // 0 or 1
  InterruptFlags flags;
};

// Everything the MADT says, in fixed-capacity arrays (no allocation: it is parsed before the
// heap exists). About 6 KiB: keep it in static storage, not on a kernel stack.
struct Madt {
  static constexpr size_t kMaxProcessors = 256;
  static constexpr size_t kMaxIoApics = 16;
  static constexpr size_t kMaxOverrides = 16;
  static constexpr size_t kMaxNmiSources = 16;
  static constexpr size_t kMaxLocalApicNmis = 256;

  uint64_t local_apic_address;
  bool local_apic_address_overridden;  // by a Local APIC Address Override entry
  bool pcat_compat;                    // dual 8259 PICs present: mask them first

  Processor processors[kMaxProcessors];
  uint32_t processor_count;
  IoApic io_apics[kMaxIoApics];
  uint32_t io_apic_count;
  InterruptOverride overrides[kMaxOverrides];
  uint32_t override_count;
  NmiSource nmi_sources[kMaxNmiSources];
  uint32_t nmi_source_count;
  LocalApicNmi local_apic_nmis[kMaxLocalApicNmis];
  uint32_t local_apic_nmi_count;

  // Counted over every entry, including processors that did not fit into the array.
  uint32_t enabled_cpus;
  uint32_t online_capable_cpus;
  // Some entries did not fit into their array (ParseMadt then returns kBufferTooSmall).
  bool truncated;

  rstd::Span<const Processor> Processors() const { return {processors, processor_count}; }
  rstd::Span<const IoApic> IoApics() const { return {io_apics, io_apic_count}; }
  rstd::Span<const InterruptOverride> Overrides() const { return {overrides, override_count}; }
  rstd::Span<const NmiSource> NmiSources() const { return {nmi_sources, nmi_source_count}; }
  rstd::Span<const LocalApicNmi> LocalApicNmis() const {
    return {local_apic_nmis, local_apic_nmi_count};
  }

  // The GSI and flags of ISA IRQ `irq`: its override, or identity-mapped with the ISA
  // defaults when there is none [ACPI 6.5, 5.2.12.5].
  InterruptOverride IsaIrq(uint8_t irq) const;
};

// Parses `madt` (the whole table) into `*out`. The table is checked first (CheckTable:
// signature "APIC", length, checksum, revision >= 1), then every entry: its length covers
// the fields read and stays inside the table.
//   kCorrupt         malformed table or entry; an entry type read with fewer bytes than its
//                    fields need; reserved polarity/trigger encodings; LINT other than 0/1;
//                    two usable processors with the same APIC ID; two I/O APICs with the
//                    same ID, address or GSI base, or at address 0; two overrides for the
//                    same bus IRQ; more than one local APIC address override; a local APIC
//                    address that is 0 or not 4 KiB aligned. *out is then all zero.
//   kBufferTooSmall  the table is valid but lists more entries of some kind than the arrays
//                    hold: *out holds the first ones of each kind (`truncated` is set) and
//                    the full processor counts. Duplicate checks cover the stored entries.
// Unknown entry types (GIC, SAPIC, wake-up mailbox, ...) are skipped.
Result<void> ParseMadt(rstd::Bytes madt, Madt* out);

// The counts the boot log reports.
struct MadtSummary {
  uint32_t enabled_cpus;         // usable now
  uint32_t online_capable_cpus;  // may be brought online later (hot-plug)
  uint32_t io_apics;
  uint64_t local_apic_address;
};

MadtSummary Summarize(const Madt& madt);

}  // namespace raeen::kernel::acpi
