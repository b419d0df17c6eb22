#include "kernel/acpi/acpi_tables.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernel/acpi/madt.h"
#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

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
        auto madt = std::make_unique<Madt>();
        Result<void> parsed = ParseMadt(table->bytes, madt.get());
        (void)parsed;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// ReadRsdp, ReadRootTable, InspectTable

TEST_F(AcpiTables, ReadRsdpRevision2) {
  Build(kHighBase, 2);
  Result<Rsdp> rsdp = ReadRsdp(*memory_, layout_.rsdp);
  ASSERT_TRUE(rsdp.ok());
  EXPECT_EQ(rsdp->physical, layout_.rsdp);
  EXPECT_EQ(rsdp->revision, 2);
  EXPECT_EQ(std::string(rsdp->oem_id, 6), "RAEEN ");
  EXPECT_EQ(rsdp->rsdt, 0u);
  EXPECT_EQ(rsdp->xsdt, layout_.root);
  Result<RootTable> root = ReadRootTable(*memory_, *rsdp);
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->extended());
  EXPECT_EQ(root->table().physical, layout_.root);
  ASSERT_EQ(root->entry_count(), 3u);
  EXPECT_EQ(root->entry(0), layout_.facp);
  EXPECT_EQ(root->entry(1), layout_.madt);
  EXPECT_EQ(root->entry(2), layout_.hpet);
}

TEST_F(AcpiTables, ReadRsdpRevision0IgnoresBytesBeyond20) {
  Build(kBase, 0);
  // Garbage where a revision 2 RSDP would have its extended fields.
  for (uint64_t i = 20; i < 36; ++i) memory_->At(layout_.rsdp + i) = 0xa5;
  Result<Rsdp> rsdp = ReadRsdp(*memory_, layout_.rsdp);
  ASSERT_TRUE(rsdp.ok());
  EXPECT_EQ(rsdp->revision, 0);
  EXPECT_EQ(rsdp->rsdt, layout_.root);
  EXPECT_EQ(rsdp->xsdt, 0u);
  Result<RootTable> root = ReadRootTable(*memory_, *rsdp);
  ASSERT_TRUE(root.ok());
  EXPECT_FALSE(root->extended());
  EXPECT_EQ(root->entry_count(), 3u);
}

TEST_F(AcpiTables, InspectTableReportsEachCheck) {
  Build(kBase, 0);
  TableEntry ok = InspectTable(*memory_, layout_.madt);
  EXPECT_EQ(ok.check, TableCheck::kOk);
  EXPECT_EQ(std::string(ok.signature.view().data(), 4), "APIC");
  EXPECT_EQ(ok.length, madt_.size());
  EXPECT_EQ(ok.revision, 1);

  EXPECT_EQ(InspectTable(*memory_, 0).check, TableCheck::kNullAddress);
  EXPECT_EQ(InspectTable(*memory_, kBase - 0x1000).check, TableCheck::kUnreadable);
  EXPECT_EQ(InspectTable(*memory_, memory_->end() - 20).check, TableCheck::kUnreadable);
  EXPECT_EQ(InspectTable(*memory_, ~uint64_t{0} - 8).check, TableCheck::kUnreadable);

  for (uint32_t length : {0u, 35u, 0x1000001u, 0xffffffffu}) {
    ByteVector table = madt_;
    Put<uint32_t>(table, 4, length);
    FixTableChecksum(table);
    memory_->Write(layout_.madt, table);
    TableEntry entry = InspectTable(*memory_, layout_.madt);
    EXPECT_EQ(entry.check, TableCheck::kBadLength) << length;
    EXPECT_EQ(entry.length, length);
  }
  // A length that runs past the end of readable memory.
  ByteVector table = madt_;
  uint64_t at = memory_->end() - table.size();
  Put<uint32_t>(table, 4, static_cast<uint32_t>(table.size() + 1));
  memory_->Write(at, table);
  EXPECT_EQ(InspectTable(*memory_, at).check, TableCheck::kUnreadable);

  memory_->Write(layout_.madt, madt_);
  memory_->At(layout_.madt + 50) ^= 0x10;
  EXPECT_EQ(InspectTable(*memory_, layout_.madt).check, TableCheck::kBadChecksum);
}

TEST_F(AcpiTables, SignaturesAreSafeToLog) {
  Build(kBase, 0);
  ByteVector table = MakeTable("A\x01\n\xff", ByteVector(4, 0));
  memory_->Write(layout_.hpet, table);
  TableEntry entry = InspectTable(*memory_, layout_.hpet);
  EXPECT_EQ(entry.check, TableCheck::kOk);
  EXPECT_EQ(std::string(entry.signature.text), "A???");
  EXPECT_TRUE(entry.signature.Is("A\x01\n\xff"));
  EXPECT_FALSE(entry.signature.Is("A???"));
  EXPECT_EQ(std::string(InspectTable(*memory_, 0).signature.text), "????");
}

TEST(TableCheck, Names) {
  EXPECT_EQ(std::string(TableCheckName(TableCheck::kOk).data(), 2), "ok");
  EXPECT_EQ(TableCheckName(TableCheck::kBadChecksum), "bad checksum");
  EXPECT_EQ(TableCheckName(TableCheck::kBadLength), "bad length");
  EXPECT_EQ(TableCheckName(TableCheck::kUnreadable), "unreadable");
  EXPECT_EQ(TableCheckName(TableCheck::kNullAddress), "null address");
}

TEST_F(AcpiTables, MapTableChecksTheSignature) {
  Build(kBase, 0);
  EXPECT_EQ(MapTable(*memory_, layout_.madt, "HPET").status(), Status::kNotFound);
  EXPECT_TRUE(MapTable(*memory_, layout_.madt, "APIC").ok());
  EXPECT_TRUE(MapTable(*memory_, layout_.madt, "").ok());
  memory_->At(layout_.madt + 40) ^= 1;
  EXPECT_EQ(MapTable(*memory_, layout_.madt, "APIC").status(), Status::kCorrupt);
}

// ---------------------------------------------------------------------------------------
// CheckTable

TEST(CheckTable, AcceptsAValidTable) {
  ExactBuffer table(MakeTable("TEST", ByteVector(8, 0x5a), 3));
  Result<TableHeader> header = CheckTable(table.bytes(), "TEST", 44, 1);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->length, 44u);
  EXPECT_EQ(header->revision, 3);
  EXPECT_EQ(std::string(header->oem_id, 6), "RAEEN ");
  EXPECT_EQ(std::string(header->oem_table_id, 8), "TESTTBL ");
  EXPECT_EQ(header->creator_id, 0x4e454152u);
}

TEST(CheckTable, RejectsEachDefect) {
  ByteVector good = MakeTable("TEST", ByteVector(8, 0x5a), 3);
  auto check = [](const ByteVector& bytes, uint64_t minimum = 36, uint8_t revision = 1) {
    ExactBuffer exact(bytes);
    return CheckTable(exact.bytes(), "TEST", minimum, revision).status();
  };
  EXPECT_EQ(check(good), Status::kOk);
  EXPECT_EQ(check(good, 45), Status::kCorrupt);     // shorter than the parser needs
  EXPECT_EQ(check(good, 36, 4), Status::kCorrupt);  // revision too old
  ByteVector other = good;
  other[3] = 'X';
  FixTableChecksum(other);
  EXPECT_EQ(check(other), Status::kCorrupt);  // signature
  ByteVector bad_sum = good;
  bad_sum[40] ^= 1;
  EXPECT_EQ(check(bad_sum), Status::kCorrupt);  // checksum
  ByteVector longer = good;
  Put<uint32_t>(longer, 4, 45);
  FixTableChecksum(longer);
  EXPECT_EQ(check(longer), Status::kCorrupt);  // length field beyond the bytes
  ByteVector shorter = good;
  Put<uint32_t>(shorter, 4, 40);
  FixTableChecksum(shorter);
  EXPECT_EQ(check(shorter), Status::kCorrupt);  // length field inside the bytes
  for (size_t size = 0; size < 36; ++size) {
    EXPECT_EQ(check(ByteVector(good.begin(), good.begin() + size), 0), Status::kCorrupt) << size;
  }
}

TEST(ReadLe, RefusesReadsOutsideTheBytes) {
  const uint8_t bytes[6] = {1, 2, 3, 4, 5, 6};
  rstd::Bytes view(bytes, sizeof(bytes));
  uint32_t value = 0xdeadbeef;
  EXPECT_TRUE(ReadLe(view, 2, &value));
  EXPECT_EQ(value, 0x06050403u);
  value = 0xdeadbeef;
  EXPECT_FALSE(ReadLe(view, 3, &value));
  EXPECT_FALSE(ReadLe(view, 7, &value));
  EXPECT_FALSE(ReadLe(view, ~uint64_t{0} - 1, &value));
  EXPECT_EQ(value, 0xdeadbeefu);
  uint8_t last = 0;
  EXPECT_TRUE(ReadLe(view, 5, &last));
  EXPECT_EQ(last, 6);
  EXPECT_FALSE(ReadLe(view, 6, &last));
}

}  // namespace
}  // namespace raeen::kernel::acpi
