#include "kernel/acpi/acpi_tables.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel::acpi {
namespace {

constexpr uint64_t kHeaderSize = 36;
constexpr uint64_t kMaxTableSize = 16 * 1024 * 1024;

template <typename T>
T Read(const uint8_t* bytes, uint64_t offset) {
  T value;
  __builtin_memcpy(&value, bytes + offset, sizeof(T));
  return value;
}

bool ChecksumOk(const uint8_t* bytes, uint64_t size) {
  uint8_t sum = 0;
  for (uint64_t i = 0; i < size; ++i) sum = static_cast<uint8_t>(sum + bytes[i]);
  return sum == 0;
}

// Maps and checks a table: signature (if given), length within bounds, checksum.
Result<Table> MapTable(const PhysicalMemory& memory, uint64_t physical,
                       rstd::StringView signature) {
  const uint8_t* header = memory.Map(physical, kHeaderSize);
  if (header == nullptr) return Error(Status::kCorrupt);
  if (!signature.empty() && rstd::StringView(reinterpret_cast<const char*>(header), 4) != signature) {
    return Error(Status::kNotFound);
  }
  uint32_t length = Read<uint32_t>(header, 4);
  if (length < kHeaderSize || length > kMaxTableSize) return Error(Status::kCorrupt);
  const uint8_t* bytes = memory.Map(physical, length);
  if (bytes == nullptr || !ChecksumOk(bytes, length)) return Error(Status::kCorrupt);
  return Table{physical, rstd::Bytes(bytes, length)};
}

}  // namespace

Result<Table> FindTable(const PhysicalMemory& memory, uint64_t rsdp, rstd::StringView signature) {
  // RSDP [ACPI 6.5, 5.2.5.3]: 20 bytes in revision 0, 36 with the XSDT address from rev. 2.
  const uint8_t* root_pointer = memory.Map(rsdp, 20);
  if (root_pointer == nullptr ||
      rstd::StringView(reinterpret_cast<const char*>(root_pointer), 8) != "RSD PTR " ||
      !ChecksumOk(root_pointer, 20)) {
    return Error(Status::kCorrupt);
  }
  uint8_t revision = root_pointer[15];
  uint64_t root_table = Read<uint32_t>(root_pointer, 16);
  uint64_t entry_size = 4;
  rstd::StringView root_signature = "RSDT";
  if (revision >= 2) {
    const uint8_t* extended = memory.Map(rsdp, 36);
    if (extended == nullptr || Read<uint32_t>(extended, 20) < 36 || !ChecksumOk(extended, 36)) {
      return Error(Status::kCorrupt);
    }
    uint64_t xsdt = Read<uint64_t>(extended, 24);
    if (xsdt != 0) {
      root_table = xsdt;
      entry_size = 8;
      root_signature = "XSDT";
    }
  }
  Result<Table> root = MapTable(memory, root_table, root_signature);
  if (!root.ok()) return Error(Status::kCorrupt);

  uint64_t entries = (root->bytes.size() - kHeaderSize) / entry_size;
  for (uint64_t i = 0; i < entries; ++i) {
    uint64_t offset = kHeaderSize + i * entry_size;
    uint64_t address = entry_size == 8 ? Read<uint64_t>(root->bytes.data(), offset)
                                       : Read<uint32_t>(root->bytes.data(), offset);
    Result<Table> table = MapTable(memory, address, signature);
    if (table.ok()) return table;
  }
  return Error(Status::kNotFound);
}

Result<MadtSummary> ParseMadt(rstd::Bytes madt) {
  // MADT: header, local APIC address (4), flags (4), then variable-length entries.
  constexpr uint64_t kFirstEntry = kHeaderSize + 8;
  if (madt.size() < kFirstEntry) return Error(Status::kCorrupt);
  MadtSummary summary{};
  summary.local_apic_address = Read<uint32_t>(madt.data(), kHeaderSize);
  uint64_t offset = kFirstEntry;
  while (offset < madt.size()) {
    if (madt.size() - offset < 2) return Error(Status::kCorrupt);
    uint8_t type = madt[offset];
    uint8_t length = madt[offset + 1];
    if (length < 2 || length > madt.size() - offset) return Error(Status::kCorrupt);
    const uint8_t* entry = madt.data() + offset;
    constexpr uint32_t kEnabled = 1;
    constexpr uint32_t kOnlineCapable = 2;
    switch (type) {
      case 0: {  // Processor Local APIC: flags at offset 4
        if (length < 8) return Error(Status::kCorrupt);
        uint32_t flags = Read<uint32_t>(entry, 4);
        if (flags & kEnabled) ++summary.enabled_cpus;
        else if (flags & kOnlineCapable) ++summary.online_capable_cpus;
        break;
      }
      case 1:  // I/O APIC
        if (length < 12) return Error(Status::kCorrupt);
        ++summary.io_apics;
        break;
      case 5:  // Local APIC address override
        if (length < 12) return Error(Status::kCorrupt);
        summary.local_apic_address = Read<uint64_t>(entry, 4);
        break;
      case 9: {  // Processor Local x2APIC: flags at offset 8
        if (length < 16) return Error(Status::kCorrupt);
        uint32_t flags = Read<uint32_t>(entry, 8);
        if (flags & kEnabled) ++summary.enabled_cpus;
        else if (flags & kOnlineCapable) ++summary.online_capable_cpus;
        break;
      }
      default:
        break;
    }
    offset += length;
  }
  return summary;
}

}  // namespace raeen::kernel::acpi
