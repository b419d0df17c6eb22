#include "kernel/acpi/platform_tables.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

ByteVector Hpet(uint64_t base) {
  ByteVector body(20, 0);
  Put<uint32_t>(body, 0, 0x8086a201);
  ByteVector gas = Gas(0, 64, 0, 0, base);
  std::copy(gas.begin(), gas.end(), body.begin() + 4);
  return MakeTable("HPET", body);
}

ByteVector Mcfg(uint64_t base) {
  ByteVector body(24, 0);
  Put<uint64_t>(body, 8, base);
  body[19] = 255;
  return MakeTable("MCFG", body);
}

ByteVector Fadt(uint32_t dsdt) {
  ByteVector body(116 - 36, 0);
  Put<uint32_t>(body, 40 - 36, dsdt);
  Put<uint32_t>(body, 76 - 36, 0x408);
  body[91 - 36] = 4;
  return MakeTable("FACP", body);
}

// A machine image with tables one page apart from `kBase + 0x1000`, an RSDT or XSDT listing
// `order` (indexes into the tables written), and the RSDP at kBase.
class PlatformTablesTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kBase = 0x80000;

  void Build(const std::vector<ByteVector>& tables, uint8_t revision = 2) {
    memory_ = std::make_unique<FakePhysicalMemory>(kBase, 0x100000);
    std::vector<uint64_t> addresses;
    for (size_t i = 0; i < tables.size(); ++i) {
      uint64_t at = kBase + 0x1000 * (i + 2);
      memory_->Write(at, tables[i]);
      addresses.push_back(at);
    }
    uint64_t root = kBase + 0x1000;
    if (revision >= 2) {
      memory_->Write(root, MakeRootTable("XSDT", addresses, 8));
      memory_->Write(kBase, MakeRsdp(2, 0, root));
    } else {
      memory_->Write(root, MakeRootTable("RSDT", addresses, 4));
      memory_->Write(kBase, MakeRsdp(0, static_cast<uint32_t>(root), 0));
    }
    platform_ = std::make_unique<PlatformTables>();
    ReadPlatformTables(*memory_, kBase, platform_.get());
  }

  static uint64_t At(size_t index) { return kBase + 0x1000 * (index + 2); }

  std::unique_ptr<FakePhysicalMemory> memory_;
  std::unique_ptr<PlatformTables> platform_;
};

TEST_F(PlatformTablesTest, ReadsEveryTableThroughTheRsdt) {
  Build({Fadt(static_cast<uint32_t>(At(4))), MakeMadt(0xfee00000, {LocalApic(0, 0, 1)}),
         Hpet(0xfed00000), Mcfg(0xe0000000), MakeTable("DSDT", ByteVector(4, 0))},
        0);
  const PlatformTables& p = *platform_;
  EXPECT_FALSE(p.extended_root);
  EXPECT_EQ(p.root.check, TableCheck::kOk);
  EXPECT_EQ(p.table_count, 5u);  // the DSDT is listed here too, which is odd but harmless
  EXPECT_EQ(p.madt_status, Status::kOk);
  EXPECT_EQ(p.madt.enabled_cpus, 1u);
  EXPECT_EQ(p.hpet_status, Status::kOk);
  EXPECT_EQ(p.mcfg_status, Status::kOk);
  EXPECT_EQ(p.mcfg.segments[0].base, 0xe0000000u);
  EXPECT_EQ(p.fadt_status, Status::kOk);
  EXPECT_EQ(p.dsdt.physical, At(4));
  EXPECT_EQ(p.dsdt.check, TableCheck::kOk);
  EXPECT_EQ(p.s5_status, Status::kNotFound);  // no \_S5 in that DSDT
}

TEST_F(PlatformTablesTest, MissingTablesAreNotFound) {
  Build({MakeTable("SSDT", ByteVector(10, 0))});
  const PlatformTables& p = *platform_;
  EXPECT_EQ(p.root_status, Status::kOk);
  EXPECT_EQ(p.madt_status, Status::kNotFound);
  EXPECT_EQ(p.hpet_status, Status::kNotFound);
  EXPECT_EQ(p.mcfg_status, Status::kNotFound);
  EXPECT_EQ(p.fadt_status, Status::kNotFound);
  EXPECT_EQ(p.dsdt.check, TableCheck::kNullAddress);
}

TEST_F(PlatformTablesTest, LaterValidDuplicateIsUsed) {
  ByteVector bad_checksum = MakeMadt(0xfee00000, {LocalApic(0, 0, 1)});
  bad_checksum[44] ^= 1;
  ByteVector bad_entries = MakeMadt(0xfee00000, {LocalApic(0, 0, 1), ByteVector{0x7f, 1}});
  ByteVector good = MakeMadt(0xfee00000, {LocalApic(0, 0, 1), LocalApic(1, 1, 1)});
  ByteVector ignored = MakeMadt(0xfee00000, {LocalApic(0, 0, 1)});
  Build({bad_checksum, bad_entries, good, ignored});
  EXPECT_EQ(platform_->madt_status, Status::kOk);
  EXPECT_EQ(platform_->madt.enabled_cpus, 2u);
  EXPECT_EQ(platform_->tables[0].check, TableCheck::kBadChecksum);
  EXPECT_EQ(platform_->tables[1].check, TableCheck::kOk);
}

TEST_F(PlatformTablesTest, OnlyBadCandidatesAreCorrupt) {
  ByteVector bad_entries = MakeMadt(0xfee00000, {ByteVector{0x7f, 0}});
  ByteVector bad_hpet = Hpet(0xfed00001);
  Build({bad_entries, bad_hpet});
  EXPECT_EQ(platform_->madt_status, Status::kCorrupt);
  EXPECT_EQ(platform_->madt.processor_count, 0u);
  EXPECT_EQ(platform_->hpet_status, Status::kCorrupt);
}

TEST_F(PlatformTablesTest, BufferTooSmallIsUsable) {
  std::vector<ByteVector> cpus;
  for (uint32_t i = 0; i < 260; ++i) cpus.push_back(X2Apic(i, 1, i));
  Build({MakeMadt(0xfee00000, cpus)});
  EXPECT_EQ(platform_->madt_status, Status::kBufferTooSmall);
  EXPECT_TRUE(PlatformTables::Usable(platform_->madt_status));
  EXPECT_EQ(platform_->madt.enabled_cpus, 260u);
  EXPECT_EQ(platform_->madt.processor_count, Madt::kMaxProcessors);
}

TEST_F(PlatformTablesTest, ManyTablesAreSearchedBeyondTheListing) {
  std::vector<ByteVector> tables;
  for (int i = 0; i < 70; ++i) tables.push_back(MakeTable("SSDT", ByteVector(4, 0)));
  tables.push_back(Hpet(0xfed00000));
  Build(tables);
  EXPECT_EQ(platform_->table_count, PlatformTables::kMaxListedTables);
  EXPECT_EQ(platform_->unlisted_tables, 71u - PlatformTables::kMaxListedTables);
  EXPECT_EQ(platform_->hpet_status, Status::kOk);
}

TEST_F(PlatformTablesTest, BadRsdpOrRootStopsEarly) {
  Build({Hpet(0xfed00000)});
  memory_->At(kBase + 1) ^= 1;  // "RSD PTR " broken
  ReadPlatformTables(*memory_, kBase, platform_.get());
  EXPECT_EQ(platform_->rsdp_status, Status::kCorrupt);
  EXPECT_EQ(platform_->root_status, Status::kCorrupt);
  EXPECT_EQ(platform_->hpet_status, Status::kNotFound);

  Build({Hpet(0xfed00000)});
  memory_->At(kBase + 0x1000 + 7) = 0xff;  // the XSDT's length: beyond 16 MiB
  ReadPlatformTables(*memory_, kBase, platform_.get());
  EXPECT_EQ(platform_->rsdp_status, Status::kOk);
  EXPECT_EQ(platform_->root_status, Status::kCorrupt);
  EXPECT_EQ(platform_->root.check, TableCheck::kBadLength);
  EXPECT_EQ(platform_->table_count, 0u);
}

TEST_F(PlatformTablesTest, FadtPointingAtNothing) {
  Build({Fadt(0x12345000)});
  EXPECT_EQ(platform_->fadt_status, Status::kOk);
  EXPECT_EQ(platform_->dsdt.check, TableCheck::kUnreadable);
  EXPECT_EQ(platform_->s5_status, Status::kNotFound);
  Build({Fadt(0)});
  EXPECT_EQ(platform_->dsdt.check, TableCheck::kNullAddress);
}

}  // namespace
}  // namespace raeen::kernel::acpi
