#pragma once
// Helpers shared by the kernel/acpi host tests: a fake physical memory that makes every
// out-of-bounds read visible to AddressSanitizer, builders for ACPI structures, and the real
// tables captured from QEMU (data/README.md).

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kernel/acpi/acpi_tables.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi::test_support {

using ByteVector = std::vector<uint8_t>;

// Fake physical memory: a byte vector at a fake base address. Every Map() returns a fresh
// heap copy of exactly the requested range, so AddressSanitizer reports any read beyond what
// the code under test asked for, not only reads beyond the whole image.
class FakePhysicalMemory final : public PhysicalMemory {
 public:
  FakePhysicalMemory(uint64_t base, size_t size) : base_(base), bytes_(size, 0) {}

  const uint8_t* Map(uint64_t physical, uint64_t size) const override {
    ++maps_;
    if (physical < base_ || physical - base_ > bytes_.size() ||
        size > bytes_.size() - (physical - base_)) {
      return nullptr;
    }
    auto copy = std::make_unique<uint8_t[]>(size == 0 ? 1 : size);
    std::memcpy(copy.get(), bytes_.data() + (physical - base_), size);
    copies_.push_back(std::move(copy));
    return copies_.back().get();
  }

  uint64_t base() const { return base_; }
  uint64_t end() const { return base_ + bytes_.size(); }
  size_t maps() const { return maps_; }

  void Write(uint64_t physical, const ByteVector& data) {
    ASSERT_GE(physical, base_);
    ASSERT_LE(physical - base_ + data.size(), bytes_.size());
    std::memcpy(bytes_.data() + (physical - base_), data.data(), data.size());
  }
  uint8_t& At(uint64_t physical) { return bytes_.at(physical - base_); }
  ByteVector Read(uint64_t physical, size_t size) const {
    return ByteVector(bytes_.begin() + (physical - base_),
                      bytes_.begin() + (physical - base_) + size);
  }

 private:
  uint64_t base_;
  ByteVector bytes_;
  mutable std::deque<std::unique_ptr<uint8_t[]>> copies_;
  mutable size_t maps_ = 0;
};

// A copy of `bytes` in a heap buffer of exactly its size, for parsers that take rstd::Bytes:
// ASan then catches a read one byte past the end.
class ExactBuffer {
 public:
  explicit ExactBuffer(const ByteVector& bytes)
      : size_(bytes.size()), data_(std::make_unique<uint8_t[]>(bytes.empty() ? 1 : bytes.size())) {
    if (!bytes.empty()) std::memcpy(data_.get(), bytes.data(), bytes.size());
  }
  rstd::Bytes bytes() const { return rstd::Bytes(data_.get(), size_); }

 private:
  size_t size_;
  std::unique_ptr<uint8_t[]> data_;
};

template <typename T>
void Put(ByteVector& bytes, size_t offset, T value) {
  ASSERT_LE(offset + sizeof(T), bytes.size());
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

template <typename T>
T Get(const ByteVector& bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

inline uint8_t Sum(const ByteVector& bytes, size_t begin, size_t end) {
  uint8_t sum = 0;
  for (size_t i = begin; i < end; ++i) sum = static_cast<uint8_t>(sum + bytes[i]);
  return sum;
}

// Sets the checksum byte at `at` so that bytes [begin, end) sum to zero.
inline void FixChecksum(ByteVector& bytes, size_t at, size_t begin, size_t end) {
  bytes[at] = 0;
  bytes[at] = static_cast<uint8_t>(-Sum(bytes, begin, end));
}

// Fixes the checksum of a whole system description table (byte 9).
inline void FixTableChecksum(ByteVector& table) {
  FixChecksum(table, 9, 0, table.size());
}

// Sets the length field to the vector's size and fixes the checksum: for tests that edit a
// table's body and want only the edit to matter.
inline void Reseal(ByteVector& table) {
  Put<uint32_t>(table, 4, static_cast<uint32_t>(table.size()));
  FixTableChecksum(table);
}

// An RSDP [ACPI 6.5, 5.2.5.3]. Revision 0 is 20 bytes, revision 2 is 36.
inline ByteVector MakeRsdp(uint8_t revision, uint32_t rsdt, uint64_t xsdt) {
  ByteVector rsdp(revision >= 2 ? 36 : 20, 0);
  std::memcpy(rsdp.data(), "RSD PTR ", 8);
  std::memcpy(rsdp.data() + 9, "RAEEN ", 6);
  rsdp[15] = revision;
  Put<uint32_t>(rsdp, 16, rsdt);
  if (revision >= 2) {
    Put<uint32_t>(rsdp, 20, 36);
    Put<uint64_t>(rsdp, 24, xsdt);
  }
  FixChecksum(rsdp, 8, 0, 20);
  // The extended checksum covers all 36 bytes, the first checksum included.
  if (revision >= 2) FixChecksum(rsdp, 32, 0, 36);
  return rsdp;
}

// A system description table [ACPI 6.5, 5.2.6]: 36-byte header, then `body`.
inline ByteVector MakeTable(const char* signature, const ByteVector& body, uint8_t revision = 1) {
  ByteVector table(36 + body.size(), 0);
  std::memcpy(table.data(), signature, 4);
  Put<uint32_t>(table, 4, static_cast<uint32_t>(table.size()));
  table[8] = revision;
  std::memcpy(table.data() + 10, "RAEEN ", 6);
  std::memcpy(table.data() + 16, "TESTTBL ", 8);
  Put<uint32_t>(table, 24, 1);
  Put<uint32_t>(table, 28, 0x4e454152);
  Put<uint32_t>(table, 32, 1);
  if (!body.empty()) std::memcpy(table.data() + 36, body.data(), body.size());
  FixTableChecksum(table);
  return table;
}

inline ByteVector MakeRootTable(const char* signature, const std::vector<uint64_t>& entries,
                                size_t entry_size) {
  ByteVector body(entries.size() * entry_size, 0);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entry_size == 8) {
      Put<uint64_t>(body, i * 8, entries[i]);
    } else {
      Put<uint32_t>(body, i * 4, static_cast<uint32_t>(entries[i]));
    }
  }
  return MakeTable(signature, body);
}

// A Generic Address Structure [ACPI 6.5, 5.2.3.2].
inline ByteVector Gas(uint8_t space, uint8_t bit_width, uint8_t bit_offset, uint8_t access_size,
                      uint64_t address) {
  ByteVector gas(12, 0);
  gas[0] = space;
  gas[1] = bit_width;
  gas[2] = bit_offset;
  gas[3] = access_size;
  Put<uint64_t>(gas, 4, address);
  return gas;
}

// MADT entries [ACPI 6.5, 5.2.12].
inline ByteVector LocalApic(uint8_t uid, uint8_t apic_id, uint32_t flags) {
  ByteVector e(8, 0);
  e[0] = 0;
  e[1] = 8;
  e[2] = uid;
  e[3] = apic_id;
  Put<uint32_t>(e, 4, flags);
  return e;
}
inline ByteVector IoApicEntry(uint8_t id, uint32_t address, uint32_t gsi_base) {
  ByteVector e(12, 0);
  e[0] = 1;
  e[1] = 12;
  e[2] = id;
  Put<uint32_t>(e, 4, address);
  Put<uint32_t>(e, 8, gsi_base);
  return e;
}
inline ByteVector InterruptSourceOverride(uint8_t source, uint32_t gsi) {
  ByteVector e(10, 0);
  e[0] = 2;
  e[1] = 10;
  e[3] = source;
  Put<uint32_t>(e, 4, gsi);
  return e;
}
inline ByteVector LocalApicNmiAll() {
  ByteVector e = {4, 6, 0xff, 0x05, 0x00, 0x01};
  return e;
}
inline ByteVector LocalApicOverride(uint64_t address) {
  ByteVector e(12, 0);
  e[0] = 5;
  e[1] = 12;
  Put<uint64_t>(e, 4, address);
  return e;
}
inline ByteVector X2Apic(uint32_t x2apic_id, uint32_t flags, uint32_t uid) {
  ByteVector e(16, 0);
  e[0] = 9;
  e[1] = 16;
  Put<uint32_t>(e, 4, x2apic_id);
  Put<uint32_t>(e, 8, flags);
  Put<uint32_t>(e, 12, uid);
  return e;
}

inline ByteVector MadtBody(uint32_t local_apic_address, const std::vector<ByteVector>& entries) {
  ByteVector body(8, 0);
  Put<uint32_t>(body, 0, local_apic_address);
  Put<uint32_t>(body, 4, 1);  // PCAT_COMPAT
  for (const ByteVector& e : entries) body.insert(body.end(), e.begin(), e.end());
  return body;
}

inline ByteVector MakeMadt(uint32_t local_apic_address, const std::vector<ByteVector>& entries) {
  return MakeTable("APIC", MadtBody(local_apic_address, entries));
}

// A typical MADT: 4 usable CPUs (3 xAPIC, 1 x2APIC), 3 hot-pluggable (2 xAPIC, 1 x2APIC),
// 2 disabled, 2 I/O APICs.
inline ByteVector TypicalMadt() {
  return MakeMadt(0xfee00000, {
                                  LocalApic(0, 0, 1),
                                  LocalApic(1, 1, 1),
                                  LocalApic(2, 2, 0),  // disabled, not online capable
                                  LocalApic(3, 3, 2),  // online capable
                                  LocalApic(4, 4, 3),  // enabled (online capable ignored)
                                  LocalApic(5, 5, 2),
                                  IoApicEntry(0, 0xfec00000, 0),
                                  IoApicEntry(1, 0xfec01000, 24),
                                  InterruptSourceOverride(0, 2),
                                  InterruptSourceOverride(9, 9),
                                  LocalApicNmiAll(),
                                  X2Apic(0x100, 1, 6),
                                  X2Apic(0x101, 2, 7),
                                  X2Apic(0x102, 0, 8),
                              });
}

inline ByteVector ReadDataFile(const std::string& name) {
  std::string path = std::string(RAEEN_SOURCE_DIR) + "/tests/host/kernel/acpi/data/" + name;
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  return ByteVector(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// One captured table: its bytes and where the firmware put it.
struct CapturedTable {
  std::string signature;
  uint64_t physical;
  ByteVector bytes;
};

// The tables of data/qemu-q35-tables.txt, by signature.
inline std::map<std::string, CapturedTable> ReadQemuTables() {
  std::map<std::string, CapturedTable> tables;
  ByteVector manifest = ReadDataFile("qemu-q35-tables.txt");
  std::istringstream lines(std::string(manifest.begin(), manifest.end()));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string signature, address, file;
    size_t length = 0;
    fields >> signature >> address >> length >> file;
    CapturedTable table{signature, std::stoull(address, nullptr, 16), ReadDataFile(file)};
    EXPECT_EQ(table.bytes.size(), length) << file;
    tables[signature] = table;
  }
  return tables;
}

// The captured table with `signature`, as read from its file.
inline ByteVector QemuTable(const std::string& signature) {
  std::map<std::string, CapturedTable> tables = ReadQemuTables();
  EXPECT_TRUE(tables.count(signature)) << signature;
  return tables[signature].bytes;
}

}  // namespace raeen::kernel::acpi::test_support
