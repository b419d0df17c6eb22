#include "kernel/acpi/acpi_tables.h"

namespace raeen::kernel::acpi {
namespace {

// [ACPI 6.5, 5.2.5.3]: the ACPI 1.0 part is 20 bytes, the whole structure 36.
constexpr uint64_t kRsdpV1Size = 20;
constexpr uint64_t kRsdpV2Size = 36;

}  // namespace

Result<Rsdp> ReadRsdp(const PhysicalMemory& memory, uint64_t physical) {
  const uint8_t* first = memory.Map(physical, kRsdpV1Size);
  if (first == nullptr) return Error(Status::kCorrupt);
  rstd::Bytes v1(first, kRsdpV1Size);
  if (rstd::StringView(reinterpret_cast<const char*>(first), 8) != "RSD PTR " ||
      !ChecksumIsZero(v1)) {
    return Error(Status::kCorrupt);
  }
  Rsdp rsdp{};
  rsdp.physical = physical;
  __builtin_memcpy(rsdp.oem_id, first + 9, sizeof(rsdp.oem_id));
  rsdp.revision = first[15];
  (void)ReadLe(v1, 16, &rsdp.rsdt);
  if (rsdp.revision >= 2) {
    // The extended checksum covers all 36 bytes, the first checksum included.
    const uint8_t* whole = memory.Map(physical, kRsdpV2Size);
    if (whole == nullptr) return Error(Status::kCorrupt);
    rstd::Bytes v2(whole, kRsdpV2Size);
    uint32_t length = 0;
    (void)ReadLe(v2, 20, &length);
    if (length < kRsdpV2Size || !ChecksumIsZero(v2)) return Error(Status::kCorrupt);
    (void)ReadLe(v2, 24, &rsdp.xsdt);
  }
  return rsdp;
}

uint64_t RootTable::entry(uint64_t index) const {
  uint64_t offset = kTableHeaderSize + index * EntrySize();
  if (extended_) {
    uint64_t address = 0;
    (void)ReadLe(table_.bytes, offset, &address);
    return address;
  }
  uint32_t address = 0;
  (void)ReadLe(table_.bytes, offset, &address);
  return address;
}

Result<RootTable> ReadRootTable(const PhysicalMemory& memory, const Rsdp& rsdp) {
  bool extended = rsdp.revision >= 2 && rsdp.xsdt != 0;
  uint64_t physical = extended ? rsdp.xsdt : rsdp.rsdt;
  Result<Table> table = MapTable(memory, physical, extended ? "XSDT" : "RSDT");
  if (!table.ok()) return Error(Status::kCorrupt);
  return RootTable(*table, extended);
}

rstd::StringView TableCheckName(TableCheck check) {
  switch (check) {
    case TableCheck::kOk: return "ok";
    case TableCheck::kNullAddress: return "null address";
    case TableCheck::kUnreadable: return "unreadable";
    case TableCheck::kBadLength: return "bad length";
    case TableCheck::kBadChecksum: return "bad checksum";
  }
  return "unknown";
}

TableEntry InspectTable(const PhysicalMemory& memory, uint64_t physical) {
  static constexpr uint8_t kUnknown[4] = {'?', '?', '?', '?'};
  TableEntry entry{};
  entry.physical = physical;
  entry.signature = Signature::FromBytes(kUnknown);
  if (physical == 0) {
    entry.check = TableCheck::kNullAddress;
    return entry;
  }
  const uint8_t* header = memory.Map(physical, kTableHeaderSize);
  if (header == nullptr) {
    entry.check = TableCheck::kUnreadable;
    return entry;
  }
  rstd::Bytes header_bytes(header, kTableHeaderSize);
  entry.signature = Signature::FromBytes(header);
  (void)ReadLe(header_bytes, 4, &entry.length);
  entry.revision = header[8];
  if (entry.length < kTableHeaderSize || entry.length > kMaxTableSize) {
    entry.check = TableCheck::kBadLength;
    return entry;
  }
  const uint8_t* bytes = memory.Map(physical, entry.length);
  if (bytes == nullptr) {
    entry.check = TableCheck::kUnreadable;
    return entry;
  }
  entry.check =
      ChecksumIsZero(rstd::Bytes(bytes, entry.length)) ? TableCheck::kOk : TableCheck::kBadChecksum;
  return entry;
}

Result<Table> MapTable(const PhysicalMemory& memory, uint64_t physical,
                       rstd::StringView signature) {
  TableEntry entry = InspectTable(memory, physical);
  if (entry.check != TableCheck::kOk) return Error(Status::kCorrupt);
  if (!signature.empty() && !entry.signature.Is(signature)) return Error(Status::kNotFound);
  // Mapped again for the caller: InspectTable keeps no pointer. The same range was readable
  // a moment ago, but PhysicalMemory makes no promise that two calls agree.
  const uint8_t* bytes = memory.Map(physical, entry.length);
  if (bytes == nullptr) return Error(Status::kCorrupt);
  rstd::Bytes table(bytes, entry.length);
  uint32_t length = 0;
  (void)ReadLe(table, 4, &length);
  if (length != entry.length || !ChecksumIsZero(table)) return Error(Status::kCorrupt);
  return Table{physical, table};
}

Result<Table> FindTable(const PhysicalMemory& memory, uint64_t rsdp, rstd::StringView signature) {
  Result<Rsdp> pointer = ReadRsdp(memory, rsdp);
  if (!pointer.ok()) return Error(Status::kCorrupt);
  Result<RootTable> root = ReadRootTable(memory, *pointer);
  if (!root.ok()) return Error(Status::kCorrupt);
  for (uint64_t i = 0; i < root->entry_count(); ++i) {
    Result<Table> table = MapTable(memory, root->entry(i), signature);
    if (table.ok()) return table;
  }
  return Error(Status::kNotFound);
}

}  // namespace raeen::kernel::acpi
