#pragma once
// The pieces every ACPI table parser shares: bounded little-endian reads from untrusted
// bytes, the checksum, and the system description table header [ACPI 6.5, 5.2.6].
//
// Every parser takes the table as rstd::Bytes and trusts nothing in it: CheckTable() first
// proves that the header is there, that the signature is the expected one, that the length
// field matches the bytes exactly, that the bytes sum to zero and that the revision is one
// the parser understands. Inner offsets are then read only through ReadLe(), which refuses
// any read that does not lie entirely inside the table.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::acpi {

// Size of the system description table header [ACPI 6.5, 5.2.6].
inline constexpr uint64_t kTableHeaderSize = 36;

// No ACPI table RaeenOS reads comes anywhere near this (QEMU's DSDT is ~8 KiB, large
// servers' ~1 MiB); a length field beyond it is corruption, not a real table.
inline constexpr uint64_t kMaxTableSize = 16 * 1024 * 1024;

// Copies sizeof(T) bytes at `offset` into *out (x86 and the host are little-endian, as ACPI
// is). False, and *out untouched, when the read would leave `bytes`; overflow-safe.
template <typename T>
bool ReadLe(rstd::Bytes bytes, uint64_t offset, T* out) {
  if (offset > bytes.size() || sizeof(T) > bytes.size() - offset) return false;
  __builtin_memcpy(out, bytes.data() + offset, sizeof(T));
  return true;
}

// True when `bytes` sum to zero modulo 256, the rule of every ACPI checksum [ACPI 6.5, 5.2.6].
bool ChecksumIsZero(rstd::Bytes bytes);

// True when every byte of `text` is printable ASCII (' ' to '~').
bool IsPrintable(rstd::Bytes text);

// A table signature such as "APIC", copied out of untrusted memory. `text` is always
// printable: bytes outside ' '..'~' are replaced by '?', so it is safe to log.
struct Signature {
  char raw[4];
  char text[5];

  static Signature FromBytes(const uint8_t* four_bytes);
  rstd::StringView view() const { return rstd::StringView(text, 4); }
  bool Is(rstd::StringView expected) const {
    return expected.size() == 4 && rstd::StringView(raw, 4) == expected;
  }
};

// The fields of a checked header.
struct TableHeader {
  Signature signature;
  uint32_t length;
  uint8_t revision;
  char oem_id[6];
  char oem_table_id[8];
  uint32_t oem_revision;
  uint32_t creator_id;
  uint32_t creator_revision;
};

// Checks `table` (the whole table, header included, exactly as long as its length field):
//   kCorrupt  shorter than a header or than `minimum_length`, signature other than
//             `signature`, length field != table.size() or > kMaxTableSize, checksum not
//             zero, revision below `minimum_revision`.
Result<TableHeader> CheckTable(rstd::Bytes table, rstd::StringView signature,
                               uint64_t minimum_length, uint8_t minimum_revision);

}  // namespace raeen::kernel::acpi
