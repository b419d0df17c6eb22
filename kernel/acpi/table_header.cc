#include "kernel/acpi/table_header.h"

namespace raeen::kernel::acpi {

bool ChecksumIsZero(rstd::Bytes bytes) {
  uint8_t sum = 0;
  for (uint8_t byte : bytes) sum = static_cast<uint8_t>(sum + byte);
  return sum == 0;
}

bool IsPrintable(rstd::Bytes text) {
  for (uint8_t byte : text) {
    if (byte < ' ' || byte > '~') return false;
  }
  return true;
}

Signature Signature::FromBytes(const uint8_t* four_bytes) {
  Signature signature{};
  for (int i = 0; i < 4; ++i) {
    uint8_t byte = four_bytes[i];
    signature.raw[i] = static_cast<char>(byte);
    signature.text[i] = (byte >= ' ' && byte <= '~') ? static_cast<char>(byte) : '?';
  }
  signature.text[4] = '\0';
  return signature;
}

Result<TableHeader> CheckTable(rstd::Bytes table, rstd::StringView signature,
                               uint64_t minimum_length, uint8_t minimum_revision) {
  // [ACPI 6.5, 5.2.6]: Signature 4, Length 4, Revision 1, Checksum 1, OEMID 6,
  // OEM Table ID 8, OEM Revision 4, Creator ID 4, Creator Revision 4.
  if (table.size() < kTableHeaderSize || table.size() < minimum_length ||
      table.size() > kMaxTableSize) {
    return Error(Status::kCorrupt);
  }
  TableHeader header{};
  header.signature = Signature::FromBytes(table.data());
  if (!header.signature.Is(signature)) return Error(Status::kCorrupt);
  (void)ReadLe(table, 4, &header.length);
  if (header.length != table.size()) return Error(Status::kCorrupt);
  if (!ChecksumIsZero(table)) return Error(Status::kCorrupt);
  header.revision = table[8];
  if (header.revision < minimum_revision) return Error(Status::kCorrupt);
  __builtin_memcpy(header.oem_id, table.data() + 10, sizeof(header.oem_id));
  __builtin_memcpy(header.oem_table_id, table.data() + 16, sizeof(header.oem_table_id));
  (void)ReadLe(table, 24, &header.oem_revision);
  (void)ReadLe(table, 28, &header.creator_id);
  (void)ReadLe(table, 32, &header.creator_revision);
  return header;
}

}  // namespace raeen::kernel::acpi
