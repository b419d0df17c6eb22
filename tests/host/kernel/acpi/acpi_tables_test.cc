#include "kernel/acpi/acpi_tables.h"

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace raeen::kernel::acpi {
namespace {

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

uint8_t Sum(const ByteVector& bytes, size_t begin, size_t end) {
  uint8_t sum = 0;
  for (size_t i = begin; i < end; ++i) sum = static_cast<uint8_t>(sum + bytes[i]);
  return sum;
}

// Sets the checksum byte at `at` so that bytes [begin, end) sum to zero.
void FixChecksum(ByteVector& bytes, size_t at, size_t begin, size_t end) {
  bytes[at] = 0;
  bytes[at] = static_cast<uint8_t>(-Sum(bytes, begin, end));
}

// An RSDP [ACPI 6.5, 5.2.5.3]. Revision 0 is 20 bytes, revision 2 is 36.
ByteVector MakeRsdp(uint8_t revision, uint32_t rsdt, uint64_t xsdt) {
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
ByteVector MakeTable(const char* signature, const ByteVector& body) {
  ByteVector table(36 + body.size(), 0);
  std::memcpy(table.data(), signature, 4);
  Put<uint32_t>(table, 4, static_cast<uint32_t>(table.size()));
  table[8] = 1;
  std::memcpy(table.data() + 10, "RAEEN ", 6);
  std::memcpy(table.data() + 16, "TESTTBL ", 8);
  Put<uint32_t>(table, 24, 1);
  Put<uint32_t>(table, 28, 0x4e454152);
  Put<uint32_t>(table, 32, 1);
  if (!body.empty()) std::memcpy(table.data() + 36, body.data(), body.size());
  FixChecksum(table, 9, 0, table.size());
  return table;
}

ByteVector MakeRootTable(const char* signature, const std::vector<uint64_t>& entries,
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

// MADT entries [ACPI 6.5, 5.2.12].
ByteVector LocalApic(uint8_t uid, uint8_t apic_id, uint32_t flags) {
  ByteVector e(8, 0);
  e[0] = 0;
  e[1] = 8;
  e[2] = uid;
  e[3] = apic_id;
  Put<uint32_t>(e, 4, flags);
  return e;
}
ByteVector IoApic(uint8_t id, uint32_t address, uint32_t gsi_base) {
  ByteVector e(12, 0);
  e[0] = 1;
  e[1] = 12;
  e[2] = id;
  Put<uint32_t>(e, 4, address);
  Put<uint32_t>(e, 8, gsi_base);
  return e;
}
ByteVector InterruptSourceOverride(uint8_t source, uint32_t gsi) {
  ByteVector e(10, 0);
  e[0] = 2;
  e[1] = 10;
  e[3] = source;
  Put<uint32_t>(e, 4, gsi);
  return e;
}
ByteVector LocalApicNmi() {
  ByteVector e = {4, 6, 0xff, 0x05, 0x00, 0x01};
  return e;
}
ByteVector LocalApicOverride(uint64_t address) {
  ByteVector e(12, 0);
  e[0] = 5;
  e[1] = 12;
  Put<uint64_t>(e, 4, address);
  return e;
}
ByteVector X2Apic(uint32_t x2apic_id, uint32_t flags, uint32_t uid) {
  ByteVector e(16, 0);
  e[0] = 9;
  e[1] = 16;
  Put<uint32_t>(e, 4, x2apic_id);
  Put<uint32_t>(e, 8, flags);
  Put<uint32_t>(e, 12, uid);
  return e;
}

ByteVector MadtBody(uint32_t local_apic_address, const std::vector<ByteVector>& entries) {
  ByteVector body(8, 0);
  Put<uint32_t>(body, 0, local_apic_address);
  Put<uint32_t>(body, 4, 1);  // PCAT_COMPAT
  for (const ByteVector& e : entries) body.insert(body.end(), e.begin(), e.end());
  return body;
}

ByteVector MakeMadt(uint32_t local_apic_address, const std::vector<ByteVector>& entries) {
  return MakeTable("APIC", MadtBody(local_apic_address, entries));
}

// A typical MADT: 4 usable CPUs (3 xAPIC, 1 x2APIC), 3 hot-pluggable (2 xAPIC, 1 x2APIC),
// 2 disabled, 2 I/O APICs.
ByteVector TypicalMadt() {
  return MakeMadt(0xfee00000, {
                                  LocalApic(0, 0, 1),
                                  LocalApic(1, 1, 1),
                                  LocalApic(2, 2, 0),  // disabled, not online capable
                                  LocalApic(3, 3, 2),  // online capable
                                  LocalApic(4, 4, 3),  // enabled (online capable ignored)
                                  LocalApic(5, 5, 2),
                                  IoApic(0, 0xfec00000, 0),
                                  IoApic(1, 0xfec01000, 24),
                                  InterruptSourceOverride(0, 2),
                                  InterruptSourceOverride(9, 9),
                                  LocalApicNmi(),
                                  X2Apic(0x100, 1, 6),
                                  X2Apic(0x101, 2, 7),
                                  X2Apic(0x102, 0, 8),
                              });
}

// Parses a copy of `madt` held in a heap buffer of exactly its size.
Result<MadtSummary> Parse(const ByteVector& madt) {
  auto exact = std::make_unique<uint8_t[]>(madt.size() == 0 ? 1 : madt.size());
  if (!madt.empty()) std::memcpy(exact.get(), madt.data(), madt.size());
  return ParseMadt(rstd::Bytes(exact.get(), madt.size()));
}

// A machine image: RSDP, root table and tables at fixed offsets in fake memory.
struct Layout {
  uint64_t rsdp, root, madt, hpet, facp;
};

class AcpiTables : public ::testing::Test {
 protected:
  static constexpr uint64_t kBase = 0x7fe00000;         // below 4 GiB: the RSDT can reach it
  static constexpr uint64_t kHighBase = 0x1'2340'0000;  // above 4 GiB: only the XSDT can

  // Builds a complete image with revision `revision` at `base`.
  void Build(uint64_t base, uint8_t revision) {
    memory_ = std::make_unique<FakePhysicalMemory>(base, 0x10000);
    layout_ = Layout{base + 0x0, base + 0x100, base + 0x1000, base + 0x2000, base + 0x3000};
    madt_ = TypicalMadt();
    hpet_ = MakeTable("HPET", ByteVector(20, 0x11));
    facp_ = MakeTable("FACP", ByteVector(240, 0x22));
    memory_->Write(layout_.madt, madt_);
    memory_->Write(layout_.hpet, hpet_);
    memory_->Write(layout_.facp, facp_);
    std::vector<uint64_t> entries = {layout_.facp, layout_.madt, layout_.hpet};
    if (revision >= 2) {
      memory_->Write(layout_.root, MakeRootTable("XSDT", entries, 8));
      memory_->Write(layout_.rsdp, MakeRsdp(revision, 0, layout_.root));
    } else {
      memory_->Write(layout_.root, MakeRootTable("RSDT", entries, 4));
      memory_->Write(layout_.rsdp, MakeRsdp(revision, static_cast<uint32_t>(layout_.root), 0));
    }
  }

  Result<Table> Find(const char* signature) { return FindTable(*memory_, layout_.rsdp, signature); }

  // Rewrites the root table at layout_.root.
  void WriteRoot(const ByteVector& root) { memory_->Write(layout_.root, root); }

  void ExpectFound(const char* signature, uint64_t physical, const ByteVector& bytes) {
    Result<Table> table = Find(signature);
    ASSERT_TRUE(table.ok()) << signature << ": " << StatusName(table.status());
    EXPECT_EQ(table->physical, physical);
    ASSERT_EQ(table->bytes.size(), bytes.size());
    EXPECT_EQ(ByteVector(table->bytes.begin(), table->bytes.end()), bytes);
  }

  void ExpectStatus(const char* signature, Status expected) {
    Result<Table> table = Find(signature);
    EXPECT_EQ(table.status(), expected) << signature;
  }

  std::unique_ptr<FakePhysicalMemory> memory_;
  Layout layout_{};
  ByteVector madt_, hpet_, facp_;
};

// ---------------------------------------------------------------------------------------
// FindTable

TEST_F(AcpiTables, FindsTablesThroughRsdt) {
  Build(kBase, 0);
  ExpectFound("APIC", layout_.madt, madt_);
  ExpectFound("HPET", layout_.hpet, hpet_);
  ExpectFound("FACP", layout_.facp, facp_);
  ExpectStatus("MCFG", Status::kNotFound);
  ExpectStatus("RSDT", Status::kNotFound);  // the root table is not one of its own entries
}

TEST_F(AcpiTables, FindsTablesThroughXsdtAbove4GiB) {
  Build(kHighBase, 2);
  ExpectFound("APIC", layout_.madt, madt_);
  ExpectFound("HPET", layout_.hpet, hpet_);
  ExpectFound("FACP", layout_.facp, facp_);
  ExpectStatus("MCFG", Status::kNotFound);
}

TEST_F(AcpiTables, Revision2PrefersXsdtOverRsdt) {
  Build(kBase, 2);
  // An RSDT that lists only the HPET, at a different address.
  uint64_t rsdt = kBase + 0x800;
  memory_->Write(rsdt, MakeRootTable("RSDT", {layout_.hpet}, 4));
  memory_->Write(layout_.rsdp, MakeRsdp(2, static_cast<uint32_t>(rsdt), layout_.root));
  ExpectFound("APIC", layout_.madt, madt_);
}

TEST_F(AcpiTables, Revision2WithoutXsdtFallsBackToRsdt) {
  Build(kBase, 0);
  memory_->Write(layout_.rsdp, MakeRsdp(2, static_cast<uint32_t>(layout_.root), 0));
  ExpectFound("APIC", layout_.madt, madt_);
  ExpectFound("HPET", layout_.hpet, hpet_);
}

TEST_F(AcpiTables, Revision0IgnoresTheExtendedFields) {
  // A revision 0 RSDP is 20 bytes; it may sit at the very end of readable memory.
  Build(kBase, 0);
  uint64_t rsdp = memory_->end() - 20;
  memory_->Write(rsdp, MakeRsdp(0, static_cast<uint32_t>(layout_.root), 0));
  Result<Table> table = FindTable(*memory_, rsdp, "APIC");
  ASSERT_TRUE(table.ok()) << StatusName(table.status());
  EXPECT_EQ(table->physical, layout_.madt);
}

TEST_F(AcpiTables, Revision2RsdpCutShortByTheEndOfMemoryIsCorrupt) {
  Build(kHighBase, 2);
  uint64_t rsdp = memory_->end() - 20;
  ByteVector full = MakeRsdp(2, 0, layout_.root);
  memory_->Write(rsdp, ByteVector(full.begin(), full.begin() + 20));
  EXPECT_EQ(FindTable(*memory_, rsdp, "APIC").status(), Status::kCorrupt);
}

TEST_F(AcpiTables, BadRsdpSignatureIsCorrupt) {
  Build(kBase, 0);
  ByteVector rsdp = MakeRsdp(0, static_cast<uint32_t>(layout_.root), 0);
  rsdp[7] = '_';                // "RSD PTR_"
  FixChecksum(rsdp, 8, 0, 20);  // a valid checksum must not rescue a wrong signature
  memory_->Write(layout_.rsdp, rsdp);
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, BadRsdpChecksumIsCorrupt) {
  Build(kBase, 0);
  memory_->At(layout_.rsdp + 8) ^= 0x01;
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, BadRsdpChecksumRevision2IsCorrupt) {
  Build(kHighBase, 2);
  memory_->At(layout_.rsdp + 12) ^= 0x40;  // inside the first 20 bytes
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, BadExtendedChecksumIsCorrupt) {
  Build(kHighBase, 2);
  memory_->At(layout_.rsdp + 32) ^= 0x01;
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, ExtendedFieldChangedWithoutChecksumIsCorrupt) {
  Build(kHighBase, 2);
  memory_->At(layout_.rsdp + 24) ^= 0x10;  // XSDT address, covered only by the extended sum
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, ExtendedLengthTooSmallIsCorrupt) {
  Build(kHighBase, 2);
  ByteVector rsdp = MakeRsdp(2, 0, layout_.root);
  Put<uint32_t>(rsdp, 20, 20);
  FixChecksum(rsdp, 32, 0, 36);
  memory_->Write(layout_.rsdp, rsdp);
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, RsdpOutsideMemoryIsCorrupt) {
  Build(kBase, 0);
  EXPECT_EQ(FindTable(*memory_, kBase - 0x1000, "APIC").status(), Status::kCorrupt);
  EXPECT_EQ(FindTable(*memory_, memory_->end(), "APIC").status(), Status::kCorrupt);
  EXPECT_EQ(FindTable(*memory_, memory_->end() - 10, "APIC").status(), Status::kCorrupt);
  EXPECT_EQ(FindTable(*memory_, 0, "APIC").status(), Status::kCorrupt);
  EXPECT_EQ(FindTable(*memory_, ~uint64_t{0} - 4, "APIC").status(), Status::kCorrupt);
}

TEST_F(AcpiTables, RootTableBadChecksumIsCorrupt) {
  Build(kBase, 0);
  memory_->At(layout_.root + 36) ^= 0x01;  // first entry, checksum not fixed
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, XsdtBadChecksumIsCorrupt) {
  Build(kHighBase, 2);
  memory_->At(layout_.root + 9) ^= 0x80;
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, RootTableShorterThanAHeaderIsCorrupt) {
  Build(kBase, 0);
  for (uint32_t length : {0u, 1u, 20u, 35u}) {
    ByteVector root = MakeRootTable("RSDT", {layout_.madt}, 4);
    Put<uint32_t>(root, 4, length);
    FixChecksum(root, 9, 0, length < root.size() ? length : root.size());
    WriteRoot(root);
    ExpectStatus("APIC", Status::kCorrupt);
  }
}

TEST_F(AcpiTables, RootTableWithAbsurdLengthIsCorrupt) {
  Build(kBase, 0);
  for (uint32_t length : {0x1000000u + 1, 0x7fffffffu, 0xffffffffu}) {
    ByteVector root = MakeRootTable("RSDT", {layout_.madt}, 4);
    Put<uint32_t>(root, 4, length);
    FixChecksum(root, 9, 0, root.size());
    WriteRoot(root);
    ExpectStatus("APIC", Status::kCorrupt);
  }
}

TEST_F(AcpiTables, RootTableRunningPastTheEndOfMemoryIsCorrupt) {
  Build(kBase, 0);
  ByteVector root = MakeRootTable("RSDT", {layout_.madt}, 4);
  uint64_t at = memory_->end() - root.size();
  Put<uint32_t>(root, 4, static_cast<uint32_t>(root.size() + 4));  // one entry beyond memory
  FixChecksum(root, 9, 0, root.size());
  memory_->Write(at, root);
  memory_->Write(layout_.rsdp, MakeRsdp(0, static_cast<uint32_t>(at), 0));
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, RootTableAtTheEndOfMemoryIsFound) {
  Build(kBase, 0);
  ByteVector root = MakeRootTable("RSDT", {layout_.madt}, 4);
  uint64_t at = memory_->end() - root.size();
  memory_->Write(at, root);
  memory_->Write(layout_.rsdp, MakeRsdp(0, static_cast<uint32_t>(at), 0));
  ExpectFound("APIC", layout_.madt, madt_);
}

TEST_F(AcpiTables, RootTablePointerOutsideMemoryIsCorrupt) {
  Build(kBase, 0);
  memory_->Write(layout_.rsdp, MakeRsdp(0, 0x1000, 0));
  ExpectStatus("APIC", Status::kCorrupt);
  memory_->Write(layout_.rsdp, MakeRsdp(0, static_cast<uint32_t>(memory_->end() - 10), 0));
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, XsdtPointerOutsideMemoryIsCorrupt) {
  Build(kHighBase, 2);
  memory_->Write(layout_.rsdp, MakeRsdp(2, 0, ~uint64_t{0} - 8));
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, RootTableWithWrongSignatureIsCorrupt) {
  // Revision 0 must point at an RSDT, revision 2 at an XSDT.
  Build(kBase, 0);
  WriteRoot(MakeRootTable("XSDT", {layout_.madt}, 4));
  ExpectStatus("APIC", Status::kCorrupt);

  Build(kHighBase, 2);
  WriteRoot(MakeRootTable("RSDT", {layout_.madt}, 8));
  ExpectStatus("APIC", Status::kCorrupt);
}

TEST_F(AcpiTables, EmptyRootTableFindsNothing) {
  Build(kBase, 0);
  WriteRoot(MakeRootTable("RSDT", {}, 4));
  ExpectStatus("APIC", Status::kNotFound);
}

TEST_F(AcpiTables, PartialTrailingRootEntryIsIgnored) {
  Build(kHighBase, 2);
  // One full 8-byte entry (the HPET) and 4 stray bytes after it.
  ByteVector body(12, 0);
  Put<uint64_t>(body, 0, layout_.hpet);
  Put<uint32_t>(body, 8, static_cast<uint32_t>(layout_.madt));
  WriteRoot(MakeTable("XSDT", body));
  ExpectFound("HPET", layout_.hpet, hpet_);
  ExpectStatus("APIC", Status::kNotFound);
}

TEST_F(AcpiTables, TablePointerOutsideMemoryIsSkipped) {
  Build(kHighBase, 2);
  WriteRoot(MakeRootTable(
      "XSDT", {0, 0x1000, memory_->end(), memory_->end() - 4, ~uint64_t{0} - 16, layout_.madt}, 8));
  ExpectFound("APIC", layout_.madt, madt_);
  ExpectStatus("HPET", Status::kNotFound);
}

TEST_F(AcpiTables, CorruptCandidateIsSkippedForALaterValidOne) {
  Build(kBase, 0);
  // Three "APIC" tables: bad checksum, bad length, then a good one.
  uint64_t bad_checksum = kBase + 0x4000;
  uint64_t bad_length = kBase + 0x5000;
  uint64_t good = kBase + 0x6000;
  ByteVector broken = MakeMadt(0xfee00000, {LocalApic(0, 0, 1)});
  broken[9] ^= 1;
  memory_->Write(bad_checksum, broken);
  ByteVector short_table = MakeMadt(0xfee00000, {LocalApic(0, 0, 1)});
  Put<uint32_t>(short_table, 4, 20);
  FixChecksum(short_table, 9, 0, 20);
  memory_->Write(bad_length, short_table);
  ByteVector valid = MakeMadt(0xfee00000, {LocalApic(0, 0, 1), LocalApic(1, 1, 1)});
  memory_->Write(good, valid);
  WriteRoot(MakeRootTable("RSDT", {layout_.hpet, bad_checksum, bad_length, good, layout_.madt}, 4));
  ExpectFound("APIC", good, valid);
}

TEST_F(AcpiTables, CandidateWithAbsurdLengthIsSkipped) {
  Build(kBase, 0);
  uint64_t huge = kBase + 0x4000;
  ByteVector table = MakeTable("APIC", ByteVector(8, 0));
  Put<uint32_t>(table, 4, 0xfffffff0u);
  memory_->Write(huge, table);
  WriteRoot(MakeRootTable("RSDT", {huge, layout_.madt}, 4));
  ExpectFound("APIC", layout_.madt, madt_);
}

TEST_F(AcpiTables, CandidateRunningPastTheEndOfMemoryIsSkipped) {
  Build(kBase, 0);
  ByteVector table = MakeMadt(0xfee00000, {LocalApic(0, 0, 1)});
  uint64_t at = memory_->end() - table.size();
  Put<uint32_t>(table, 4, static_cast<uint32_t>(table.size() + 16));
  memory_->Write(at, table);
  WriteRoot(MakeRootTable("RSDT", {at, layout_.madt}, 4));
  ExpectFound("APIC", layout_.madt, madt_);
}

TEST_F(AcpiTables, OnlyCorruptCandidatesMeansNotFound) {
  Build(kBase, 0);
  memory_->At(layout_.madt + 40) ^= 0x01;
  ExpectStatus("APIC", Status::kNotFound);
  ExpectFound("HPET", layout_.hpet, hpet_);
}

TEST_F(AcpiTables, RandomCorruptionNeverReadsOutOfBounds) {
  // Flip random bytes anywhere in the image; whatever the result, every read must stay
  // inside what was mapped (AddressSanitizer checks) and any table returned must be valid.
  std::mt19937 random(12345);
  for (int round = 0; round < 400; ++round) {
    Build(round % 2 == 0 ? kBase : kHighBase, round % 2 == 0 ? 0 : 2);
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      uint64_t region[] = {layout_.rsdp, layout_.root, layout_.madt, layout_.hpet};
      uint64_t at = region[random() % 4] + random() % 64;
      memory_->At(at) = static_cast<uint8_t>(random());
    }
    for (const char* signature : {"APIC", "HPET", "FACP", "MCFG"}) {
      Result<Table> table = Find(signature);
      if (!table.ok()) {
        EXPECT_TRUE(table.status() == Status::kCorrupt || table.status() == Status::kNotFound);
        continue;
      }
      ASSERT_GE(table->bytes.size(), 36u);
      EXPECT_EQ(std::memcmp(table->bytes.data(), signature, 4), 0);
      EXPECT_EQ(Get<uint32_t>(ByteVector(table->bytes.begin(), table->bytes.begin() + 8), 4),
                table->bytes.size());
      EXPECT_EQ(Sum(ByteVector(table->bytes.begin(), table->bytes.end()), 0, table->bytes.size()),
                0);
      if (std::string(signature) == "APIC") {
        Result<MadtSummary> summary = ParseMadt(table->bytes);
        (void)summary;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// ParseMadt

TEST(Madt, CountsProcessorsAndIoApics) {
  Result<MadtSummary> summary = Parse(TypicalMadt());
  ASSERT_TRUE(summary.ok()) << StatusName(summary.status());
  EXPECT_EQ(summary->enabled_cpus, 4u);
  EXPECT_EQ(summary->online_capable_cpus, 3u);
  EXPECT_EQ(summary->io_apics, 2u);
  EXPECT_EQ(summary->local_apic_address, 0xfee00000u);
}

TEST(Madt, FoundThroughFindTable) {
  FakePhysicalMemory memory(0x100000, 0x4000);
  ByteVector madt = TypicalMadt();
  memory.Write(0x101000, madt);
  memory.Write(0x100100, MakeRootTable("RSDT", {0x101000}, 4));
  memory.Write(0x100000, MakeRsdp(0, 0x100100, 0));
  Result<Table> table = FindTable(memory, 0x100000, "APIC");
  ASSERT_TRUE(table.ok());
  Result<MadtSummary> summary = ParseMadt(table->bytes);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 4u);
  EXPECT_EQ(summary->online_capable_cpus, 3u);
  EXPECT_EQ(summary->io_apics, 2u);
}

TEST(Madt, NoEntries) {
  Result<MadtSummary> summary = Parse(MakeMadt(0xfee00000, {}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 0u);
  EXPECT_EQ(summary->online_capable_cpus, 0u);
  EXPECT_EQ(summary->io_apics, 0u);
  EXPECT_EQ(summary->local_apic_address, 0xfee00000u);
}

TEST(Madt, LocalApicAddressOverride) {
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), LocalApicOverride(0x1'fee0'0000ull)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->local_apic_address, 0x1'fee0'0000ull);
  EXPECT_EQ(summary->enabled_cpus, 1u);
}

TEST(Madt, X2ApicOnly) {
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {X2Apic(0x200, 1, 0), X2Apic(0x201, 1, 1), X2Apic(0x202, 3, 2),
                                  X2Apic(0x203, 2, 3), X2Apic(0x204, 0, 4)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 3u);
  EXPECT_EQ(summary->online_capable_cpus, 1u);
  EXPECT_EQ(summary->io_apics, 0u);
}

TEST(Madt, FlagsInOtherFieldsAreNotMistakenForEnabled) {
  // An xAPIC entry whose processor UID and APIC ID are odd but whose flags are 0, and an
  // x2APIC entry whose x2APIC ID is odd but whose flags are 0.
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {LocalApic(1, 3, 0), X2Apic(0x3, 0, 0x3)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 0u);
  EXPECT_EQ(summary->online_capable_cpus, 0u);
}

TEST(Madt, UnknownAndLongerEntriesAreSkipped) {
  ByteVector unknown = {0x7f, 5, 1, 2, 3};
  ByteVector minimal = {0x80, 2};
  ByteVector longer_lapic = LocalApic(0, 0, 1);  // a future revision may append fields
  longer_lapic.resize(12, 0xee);
  longer_lapic[1] = 12;
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {unknown, minimal, longer_lapic, LocalApic(1, 1, 1)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 2u);
}

TEST(Madt, TooShortForTheFixedFieldsIsCorrupt) {
  ByteVector madt = MakeMadt(0xfee00000, {});
  for (size_t size = 0; size < madt.size(); ++size) {
    EXPECT_EQ(Parse(ByteVector(madt.begin(), madt.begin() + size)).status(), Status::kCorrupt)
        << size;
  }
}

TEST(Madt, EntryWithLengthZeroIsCorrupt) {
  ByteVector entry = {0, 0, 0, 0, 1, 0, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), entry})).status(), Status::kCorrupt);
}

TEST(Madt, EntryWithLengthOneIsCorrupt) {
  ByteVector entry = {0x7f, 1, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {entry})).status(), Status::kCorrupt);
}

TEST(Madt, SingleTrailingByteIsCorrupt) {
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), ByteVector{0}})).status(),
            Status::kCorrupt);
}

TEST(Madt, EntryRunningPastTheEndIsCorrupt) {
  ByteVector entry = LocalApic(0, 0, 1);
  entry[1] = 9;  // one byte more than there is
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {entry})).status(), Status::kCorrupt);
  ByteVector unknown = {0x7f, 0xff, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {unknown})).status(), Status::kCorrupt);
}

// Each entry type, declared one byte shorter than the fields that are read, as the last
// entry of the table: a parser that trusted the type would read past the buffer.
TEST(Madt, TruncatedEntriesOfEachTypeAreCorrupt) {
  struct Case {
    const char* what;
    ByteVector entry;
  };
  std::vector<Case> cases = {
      {"local APIC", LocalApic(0, 0, 1)},
      {"I/O APIC", IoApic(0, 0xfec00000, 0)},
      {"local APIC address override", LocalApicOverride(0xfee00000)},
      {"x2APIC", X2Apic(1, 1, 1)},
  };
  for (const Case& c : cases) {
    for (size_t length = 2; length < c.entry.size(); ++length) {
      SCOPED_TRACE(std::string(c.what) + " of length " + std::to_string(length));
      ByteVector truncated(c.entry.begin(), c.entry.begin() + length);
      truncated[1] = static_cast<uint8_t>(length);
      EXPECT_EQ(Parse(MakeMadt(0xfee00000, {truncated})).status(), Status::kCorrupt);
      // Also in the middle of the table, followed by valid entries.
      EXPECT_EQ(Parse(MakeMadt(0xfee00000, {truncated, LocalApic(0, 0, 1)})).status(),
                Status::kCorrupt);
    }
  }
}

TEST(Madt, EveryPrefixIsHandledSafely) {
  ByteVector madt = TypicalMadt();
  for (size_t size = 0; size <= madt.size(); ++size) {
    Result<MadtSummary> summary = Parse(ByteVector(madt.begin(), madt.begin() + size));
    if (!summary.ok()) EXPECT_EQ(summary.status(), Status::kCorrupt) << size;
  }
  EXPECT_TRUE(Parse(madt).ok());
}

TEST(Madt, RandomCorruptionNeverReadsOutOfBounds) {
  std::mt19937 random(777);
  ByteVector original = TypicalMadt();
  for (int round = 0; round < 5000; ++round) {
    ByteVector madt = original;
    int flips = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < flips; ++i) {
      madt[44 + random() % (madt.size() - 44)] = static_cast<uint8_t>(random());
    }
    Result<MadtSummary> summary = Parse(madt);
    if (summary.ok()) {
      EXPECT_LE(summary->enabled_cpus + summary->online_capable_cpus, madt.size() / 8);
      EXPECT_LE(summary->io_apics, madt.size() / 12);
    } else {
      EXPECT_EQ(summary.status(), Status::kCorrupt);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
