#include "kernel/acpi/madt.h"

#include "kernel/acpi/table_header.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel::acpi {
namespace {

// [ACPI 6.5, 5.2.12]: header, Local Interrupt Controller Address 4, Flags 4.
constexpr uint64_t kLocalApicAddressOffset = 36;
constexpr uint64_t kFlagsOffset = 40;
constexpr uint64_t kFirstEntry = 44;
constexpr uint32_t kPcatCompat = 1u << 0;

// Interrupt Controller Structure types [ACPI 6.5, 5.2.12] and the bytes each
// one's fields need.
enum class EntryType : uint8_t {
  kLocalApic = 0x00,
  kIoApic = 0x01,
  kInterruptOverride = 0x02,
  kNmiSource = 0x03,
  kLocalApicNmi = 0x04,
  kLocalApicAddressOverride = 0x05,
  kLocalX2Apic = 0x09,
  kLocalX2ApicNmi = 0x0a,
};

constexpr uint8_t MinimumLength(EntryType type) {
  switch (type) {
    case EntryType::kLocalApic: return 8;
    case EntryType::kIoApic: return 12;
    case EntryType::kInterruptOverride: return 10;
    case EntryType::kNmiSource: return 8;
    case EntryType::kLocalApicNmi: return 6;
    case EntryType::kLocalApicAddressOverride: return 12;
    case EntryType::kLocalX2Apic: return 16;
    case EntryType::kLocalX2ApicNmi: return 12;
  }
  return 2;
}

bool IsKnown(uint8_t type) {
  switch (static_cast<EntryType>(type)) {
    case EntryType::kLocalApic:
    case EntryType::kIoApic:
    case EntryType::kInterruptOverride:
    case EntryType::kNmiSource:
    case EntryType::kLocalApicNmi:
    case EntryType::kLocalApicAddressOverride:
    case EntryType::kLocalX2Apic:
    case EntryType::kLocalX2ApicNmi: return true;
  }
  return false;
}

// Local APIC Flags [ACPI 6.5, 5.2.12.2]. Online Capable is defined from ACPI 6.3
// (MADT revision 5) and reserved-zero before, so honouring it on any revision is safe.
constexpr uint32_t kEnabled = 1u << 0;
constexpr uint32_t kOnlineCapable = 1u << 1;

// 0xff is the xAPIC broadcast ID and 0xffffffff the x2APIC one: no processor has them.
constexpr uint32_t kXApicBroadcast = 0xff;
constexpr uint32_t kX2ApicBroadcast = 0xffffffff;

Result<InterruptFlags> DecodeFlags(uint16_t flags) {
  InterruptFlags decoded{};
  switch (flags & 0x3) {
    case 0: decoded.polarity = Polarity::kBusDefault; break;
    case 1: decoded.polarity = Polarity::kActiveHigh; break;
    case 3: decoded.polarity = Polarity::kActiveLow; break;
    default: return Error(Status::kCorrupt);
  }
  switch ((flags >> 2) & 0x3) {
    case 0: decoded.trigger = TriggerMode::kBusDefault; break;
    case 1: decoded.trigger = TriggerMode::kEdge; break;
    case 3: decoded.trigger = TriggerMode::kLevel; break;
    default: return Error(Status::kCorrupt);
  }
  return decoded;
}

// Appends to a fixed array, or records that it was full.
template <typename T, size_t N>
void Append(T (&array)[N], uint32_t& count, const T& value, bool& truncated) {
  if (count < N) {
    array[count++] = value;
  } else {
    truncated = true;
  }
}

// Reads the entries of one MADT into `madt`; the caller has checked the header.
class EntryParser {
 public:
  explicit EntryParser(Madt& madt) : madt_(madt) {}

  // `entry` is exactly one entry (its length byte's worth).
  Result<void> Parse(rstd::Bytes entry) {
    uint8_t type = entry[0];
    if (!IsKnown(type)) return {};
    EntryType known = static_cast<EntryType>(type);
    if (entry.size() < MinimumLength(known)) return Error(Status::kCorrupt);
    switch (known) {
      case EntryType::kLocalApic: return LocalApic(entry);
      case EntryType::kIoApic: return IoApicEntry(entry);
      case EntryType::kInterruptOverride: return Override(entry);
      case EntryType::kNmiSource: return NmiSourceEntry(entry);
      case EntryType::kLocalApicNmi: return LocalNmi(entry, false);
      case EntryType::kLocalApicAddressOverride: return AddressOverride(entry);
      case EntryType::kLocalX2Apic: return X2Apic(entry);
      case EntryType::kLocalX2ApicNmi: return LocalNmi(entry, true);
    }
    return {};
  }

 private:
  template <typename T>
  static T Field(rstd::Bytes entry, uint64_t offset) {
    T value{};
    (void)ReadLe(entry, offset, &value);  // MinimumLength() covers every field read
    return value;
  }

  // [ACPI 6.5, 5.2.12.2]: UID 1 at 2, APIC ID 1 at 3, flags 4 at 4.
  Result<void> LocalApic(rstd::Bytes entry) {
    return AddProcessor(entry[3], entry[2], Field<uint32_t>(entry, 4), false);
  }

  // [ACPI 6.5, 5.2.12.12]: reserved 2, x2APIC ID 4 at 4, flags 4 at 8, UID 4 at 12.
  Result<void> X2Apic(rstd::Bytes entry) {
    return AddProcessor(Field<uint32_t>(entry, 4), Field<uint32_t>(entry, 12),
                        Field<uint32_t>(entry, 8), true);
  }

  Result<void> AddProcessor(uint32_t apic_id, uint32_t uid, uint32_t flags, bool x2apic) {
    bool enabled = (flags & kEnabled) != 0;
    bool online_capable = !enabled && (flags & kOnlineCapable) != 0;
    if (!enabled && !online_capable) return {};
    if (apic_id == (x2apic ? kX2ApicBroadcast : kXApicBroadcast)) return {};
    for (const Processor& other : madt_.Processors()) {
      if (other.apic_id == apic_id) return Error(Status::kCorrupt);
    }
    if (enabled) ++madt_.enabled_cpus;
    if (online_capable) ++madt_.online_capable_cpus;
    Append(madt_.processors, madt_.processor_count,
           Processor{apic_id, uid, x2apic, enabled, online_capable}, madt_.truncated);
    return {};
  }

  // [ACPI 6.5, 5.2.12.3]: ID 1 at 2, reserved 1, address 4 at 4, GSI base 4 at 8.
  Result<void> IoApicEntry(rstd::Bytes entry) {
    IoApic io_apic{entry[2], Field<uint32_t>(entry, 4), Field<uint32_t>(entry, 8)};
    if (io_apic.address == 0) return Error(Status::kCorrupt);
    for (const IoApic& other : madt_.IoApics()) {
      if (other.id == io_apic.id || other.address == io_apic.address ||
          other.gsi_base == io_apic.gsi_base) {
        return Error(Status::kCorrupt);
      }
    }
    Append(madt_.io_apics, madt_.io_apic_count, io_apic, madt_.truncated);
    return {};
  }

  // [ACPI 6.5, 5.2.12.5]: bus 1 at 2, source 1 at 3, GSI 4 at 4, flags 2 at 8.
  Result<void> Override(rstd::Bytes entry) {
    RAEEN_TRY(InterruptFlags flags, DecodeFlags(Field<uint16_t>(entry, 8)));
    InterruptOverride override_entry{entry[2], entry[3], Field<uint32_t>(entry, 4), flags};
    for (const InterruptOverride& other : madt_.Overrides()) {
      if (other.bus == override_entry.bus && other.source == override_entry.source) {
        return Error(Status::kCorrupt);
      }
    }
    Append(madt_.overrides, madt_.override_count, override_entry, madt_.truncated);
    return {};
  }

  // [ACPI 6.5, 5.2.12.6]: flags 2 at 2, GSI 4 at 4.
  Result<void> NmiSourceEntry(rstd::Bytes entry) {
    RAEEN_TRY(InterruptFlags flags, DecodeFlags(Field<uint16_t>(entry, 2)));
    Append(madt_.nmi_sources, madt_.nmi_source_count, NmiSource{Field<uint32_t>(entry, 4), flags},
           madt_.truncated);
    return {};
  }

  // Local APIC NMI [ACPI 6.5, 5.2.12.7]: UID 1 at 2 (0xff: all), flags 2 at 3, LINT 1 at 5.
  // Local x2APIC NMI [ACPI 6.5, 5.2.12.13]: flags 2 at 2, UID 4 at 4 (all ones: all),
  // LINT 1 at 8.
  Result<void> LocalNmi(rstd::Bytes entry, bool x2apic) {
    uint32_t uid = x2apic ? Field<uint32_t>(entry, 4) : entry[2];
    if (!x2apic && uid == 0xff) uid = LocalApicNmi::kAllProcessors;
    RAEEN_TRY(InterruptFlags flags, DecodeFlags(Field<uint16_t>(entry, x2apic ? 2 : 3)));
    uint8_t lint = entry[x2apic ? 8 : 5];
    if (lint > 1) return Error(Status::kCorrupt);
    Append(madt_.local_apic_nmis, madt_.local_apic_nmi_count, LocalApicNmi{uid, lint, flags},
           madt_.truncated);
    return {};
  }

  // [ACPI 6.5, 5.2.12.8]: reserved 2, 64-bit address at 4. At most one per table.
  Result<void> AddressOverride(rstd::Bytes entry) {
    if (madt_.local_apic_address_overridden) return Error(Status::kCorrupt);
    madt_.local_apic_address = Field<uint64_t>(entry, 4);
    madt_.local_apic_address_overridden = true;
    return {};
  }

  Madt& madt_;
};

Result<void> ParseEntries(rstd::Bytes madt, Madt& out) {
  uint32_t address = 0;
  uint32_t flags = 0;
  (void)ReadLe(madt, kLocalApicAddressOffset, &address);
  (void)ReadLe(madt, kFlagsOffset, &flags);
  out.local_apic_address = address;
  out.pcat_compat = (flags & kPcatCompat) != 0;

  EntryParser parser(out);
  uint64_t offset = kFirstEntry;
  while (offset < madt.size()) {
    // Every entry starts with Type 1 and Length 2; the length counts those two bytes.
    if (madt.size() - offset < 2) return Error(Status::kCorrupt);
    uint8_t length = madt[offset + 1];
    if (length < 2 || length > madt.size() - offset) return Error(Status::kCorrupt);
    RAEEN_TRY(parser.Parse(madt.subspan(offset, length)));
    offset += length;
  }
  if (out.local_apic_address == 0 || !rstd::IsAligned(out.local_apic_address, 4096)) {
    return Error(Status::kCorrupt);
  }
  return {};
}

}  // namespace

InterruptOverride Madt::IsaIrq(uint8_t irq) const {
  for (const InterruptOverride& entry : Overrides()) {
    if (entry.bus == 0 && entry.source == irq) return entry;
  }
  return InterruptOverride{0, irq, irq, {Polarity::kBusDefault, TriggerMode::kBusDefault}};
}

Result<void> ParseMadt(rstd::Bytes madt, Madt* out) {
  *out = Madt{};
  Result<TableHeader> header = CheckTable(madt, "APIC", kFirstEntry, 1);
  if (!header.ok()) return Error(header.status());
  Result<void> entries = ParseEntries(madt, *out);
  if (!entries.ok()) {
    *out = Madt{};
    return entries;
  }
  if (out->truncated) return Error(Status::kBufferTooSmall);
  return {};
}

MadtSummary Summarize(const Madt& madt) {
  return MadtSummary{madt.enabled_cpus, madt.online_capable_cpus, madt.io_apic_count,
                     madt.local_apic_address};
}

}  // namespace raeen::kernel::acpi
