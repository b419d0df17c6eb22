#include "kernel/acpi/hpet_table.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

// An HPET table [IA-PC HPET 1.0a, 3.2.4] with `base` as its base address GAS.
ByteVector MakeHpet(uint32_t block_id, const ByteVector& base, uint8_t number, uint16_t tick,
                    uint8_t protection) {
  ByteVector body(20, 0);
  Put<uint32_t>(body, 0, block_id);
  std::copy(base.begin(), base.end(), body.begin() + 4);
  body[16] = number;
  Put<uint16_t>(body, 17, tick);
  body[19] = protection;
  return MakeTable("HPET", body);
}

ByteVector TypicalHpet() {
  return MakeHpet(0x8086a201, Gas(0, 64, 0, 0, 0xfed00000), 0, 0x80, 0x11);
}

Result<HpetTable> Parse(const ByteVector& table) {
  ExactBuffer exact(table);
  return ParseHpetTable(exact.bytes());
}

TEST(HpetTable, ParsesEveryField) {
  Result<HpetTable> hpet = Parse(TypicalHpet());
  ASSERT_TRUE(hpet.ok()) << StatusName(hpet.status());
  EXPECT_EQ(hpet->base_address, 0xfed00000u);
  EXPECT_EQ(hpet->hpet_number, 0);
  EXPECT_EQ(hpet->minimum_tick, 0x80);
  EXPECT_EQ(hpet->page_protection, HpetPageProtection::k4KiB);
  EXPECT_EQ(hpet->oem_attributes, 1);
  EXPECT_EQ(hpet->hardware_revision, 1);
  EXPECT_EQ(hpet->comparator_count, 3);
  EXPECT_TRUE(hpet->counter_is_64bit);
  EXPECT_TRUE(hpet->legacy_replacement);
  EXPECT_EQ(hpet->pci_vendor_id, 0x8086);
}

TEST(HpetTable, BlockIdBits) {
  // 32 comparators (index 31), 32-bit counter, no legacy routing.
  Result<HpetTable> hpet = Parse(MakeHpet(0x10221f05, Gas(0, 0, 0, 0, 0xfed00000), 2, 0, 0x02));
  ASSERT_TRUE(hpet.ok());
  EXPECT_EQ(hpet->hardware_revision, 5);
  EXPECT_EQ(hpet->comparator_count, 32);
  EXPECT_FALSE(hpet->counter_is_64bit);
  EXPECT_FALSE(hpet->legacy_replacement);
  EXPECT_EQ(hpet->pci_vendor_id, 0x1022);
  EXPECT_EQ(hpet->hpet_number, 2);
  EXPECT_EQ(hpet->page_protection, HpetPageProtection::k64KiB);
}

TEST(HpetTable, BaseAddressMustBeUsableMemory) {
  auto status = [](const ByteVector& gas) {
    return Parse(MakeHpet(0x8086a201, gas, 0, 0, 0)).status();
  };
  EXPECT_EQ(status(Gas(0, 0, 0, 0, 0xfed00000)), Status::kOk);
  EXPECT_EQ(status(Gas(0, 0, 0, 0, 0xfed00400)), Status::kOk);       // 1 KiB aligned
  EXPECT_EQ(status(Gas(1, 0, 0, 0, 0xfed00000)), Status::kCorrupt);  // I/O space
  EXPECT_EQ(status(Gas(2, 0, 0, 0, 0xfed00000)), Status::kCorrupt);  // PCI config
  EXPECT_EQ(status(Gas(0, 0, 0, 0, 0)), Status::kCorrupt);           // absent
  EXPECT_EQ(status(Gas(0, 0, 0, 0, 0xfed00010)), Status::kCorrupt);  // misaligned
  EXPECT_EQ(status(Gas(0, 0, 0, 0, ~uint64_t{0} & ~uint64_t{0x3ff})), Status::kCorrupt);  // wraps
  EXPECT_EQ(status(Gas(0x20, 0, 0, 0, 0xfed00000)), Status::kCorrupt);  // reserved space
  EXPECT_EQ(status(Gas(0, 0, 0, 7, 0xfed00000)), Status::kCorrupt);     // access size
}

TEST(HpetTable, HardwareRevisionZeroIsCorrupt) {
  EXPECT_EQ(Parse(MakeHpet(0x8086a200, Gas(0, 0, 0, 0, 0xfed00000), 0, 0, 0)).status(),
            Status::kCorrupt);
}

TEST(HpetTable, ReservedPageProtectionIsCorrupt) {
  for (uint8_t protection = 3; protection < 16; ++protection) {
    EXPECT_EQ(Parse(MakeHpet(0x8086a201, Gas(0, 0, 0, 0, 0xfed00000), 0, 0, protection)).status(),
              Status::kCorrupt)
        << int(protection);
  }
}

TEST(HpetTable, HeaderDefectsAreCorrupt) {
  ByteVector good = TypicalHpet();
  ByteVector bad_checksum = good;
  bad_checksum[50] ^= 0x40;
  EXPECT_EQ(Parse(bad_checksum).status(), Status::kCorrupt);
  ByteVector wrong_signature = good;
  std::memcpy(wrong_signature.data(), "HPEU", 4);
  FixTableChecksum(wrong_signature);
  EXPECT_EQ(Parse(wrong_signature).status(), Status::kCorrupt);
  for (uint32_t length : {0u, 36u, 55u, 57u, 0x7fffffffu}) {
    ByteVector table = good;
    Put<uint32_t>(table, 4, length);
    FixTableChecksum(table);
    EXPECT_EQ(Parse(table).status(), Status::kCorrupt) << length;
  }
  // Every truncation, with its length field and checksum made consistent: still too short.
  for (size_t size = 36; size < good.size(); ++size) {
    ByteVector table(good.begin(), good.begin() + size);
    Reseal(table);
    EXPECT_EQ(Parse(table).status(), Status::kCorrupt) << size;
  }
}

TEST(HpetTable, LongerTablesAreAccepted) {
  // A later revision may append fields.
  ByteVector table = TypicalHpet();
  table.resize(64, 0xee);
  table[8] = 2;
  Reseal(table);
  Result<HpetTable> hpet = Parse(table);
  ASSERT_TRUE(hpet.ok());
  EXPECT_EQ(hpet->base_address, 0xfed00000u);
}

TEST(HpetTable, RandomCorruptionIsSafe) {
  std::mt19937 random(99);
  ByteVector original = TypicalHpet();
  for (int round = 0; round < 2000; ++round) {
    ByteVector table = original;
    for (int i = 0; i < 3; ++i) table[36 + random() % 20] = static_cast<uint8_t>(random());
    FixTableChecksum(table);
    Result<HpetTable> hpet = Parse(table);
    if (hpet.ok()) {
      EXPECT_NE(hpet->base_address, 0u);
      EXPECT_EQ(hpet->base_address % 1024, 0u);
      EXPECT_GE(hpet->comparator_count, 1);
      EXPECT_LE(hpet->comparator_count, 32);
    } else {
      EXPECT_EQ(hpet.status(), Status::kCorrupt);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
