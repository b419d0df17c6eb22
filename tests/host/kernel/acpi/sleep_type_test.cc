#include "kernel/acpi/sleep_type.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

// A DSDT whose AML is `aml` between some unrelated bytes.
ByteVector Dsdt(const ByteVector& aml) {
  ByteVector body = {0x10, 0x05, 0x5c, 0x00, 0x00};  // Scope (\) {} as filler
  body.insert(body.end(), aml.begin(), aml.end());
  body.insert(body.end(), {0xa3, 0xa3});  // Noop Noop
  return MakeTable("DSDT", body, 2);
}

Result<SleepType> Find(const ByteVector& dsdt) {
  ExactBuffer exact(dsdt);
  return FindS5SleepType(exact.bytes());
}

// Name (_S5, Package (4) { Zero, Zero, Zero, Zero }): the encoding QEMU's DSDT uses.
const ByteVector kQemuStyle = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};

TEST(SleepType, QemuEncoding) {
  Result<SleepType> s5 = Find(Dsdt(kQemuStyle));
  ASSERT_TRUE(s5.ok()) << StatusName(s5.status());
  EXPECT_EQ(s5->a, 0);
  EXPECT_EQ(s5->b, 0);
}

TEST(SleepType, RootPathAndByteConstants) {
  // Name (\_S5, Package (4) { 0x07, 0x05, Zero, Zero })
  Result<SleepType> s5 = Find(
      Dsdt({0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 0x07, 0x0a, 0x05, 0x00, 0x00}));
  ASSERT_TRUE(s5.ok()) << StatusName(s5.status());
  EXPECT_EQ(s5->a, 7);
  EXPECT_EQ(s5->b, 5);
}

TEST(SleepType, OneAndWordAndDwordConstants) {
  Result<SleepType> s5 =
      Find(Dsdt({0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x02, 0x01, 0x0c, 0x06, 0, 0, 0}));
  ASSERT_TRUE(s5.ok());
  EXPECT_EQ(s5->a, 1);
  EXPECT_EQ(s5->b, 6);
  // ACPI 1.0 style: one integer with SLP_TYPa in bits 7:0 and SLP_TYPb in bits 15:8.
  Result<SleepType> old =
      Find(Dsdt({0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x01, 0x0b, 0x05, 0x07}));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->a, 5);
  EXPECT_EQ(old->b, 7);
}

TEST(SleepType, MultiBytePackageLength) {
  // PkgLength 0x41 0x01: one following byte, length 0x11 = 17.
  ByteVector aml = {0x08, '_', 'S', '5', '_', 0x12, 0x41, 0x01, 0x04, 0x0a, 0x03, 0x0a, 0x03};
  aml.resize(aml.size() + 11, 0x00);  // two more Zero elements and padding inside the package
  Result<SleepType> s5 = Find(Dsdt(aml));
  ASSERT_TRUE(s5.ok());
  EXPECT_EQ(s5->a, 3);
}

TEST(SleepType, OtherEncodingsAreNotGuessed) {
  struct Case {
    const char* what;
    ByteVector aml;
  };
  std::vector<Case> cases = {
      {"absent", {0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00}},
      {"a method", {0x14, 0x08, '_', 'S', '5', '_', 0x00, 0xa4, 0x00}},
      {"a reference", {0x70, '_', 'S', '5', '_', 0x60}},
      {"a string", {0x0d, '_', 'S', '5', '_', 0x00}},
      {"not a package", {0x08, '_', 'S', '5', '_', 0x0a, 0x05}},
      {"empty package", {0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x00}},
      {"element is a name", {0x08, '_', 'S', '5', '_', 0x12, 0x07, 0x02, 'S', 'L', 'P', 'A'}},
      {"elements beyond the package",
       {0x08, '_', 'S', '5', '_', 0x12, 0x02, 0x02, 0x0a, 0x05, 0x0a, 0x05}},
      {"package beyond the table", {0x08, '_', 'S', '5', '_', 0x12, 0x3f, 0x02, 0x00, 0x00}},
      {"huge package length", {0x08, '_', 'S', '5', '_', 0x12, 0xcf, 0xff, 0xff, 0xff, 0x02}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Find(Dsdt(c.aml)).status(), Status::kNotFound) << c.what;
  }
}

TEST(SleepType, ValuesAboveSevenAreOutOfRange) {
  EXPECT_EQ(Find(Dsdt({0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x08, 0x00})).status(),
            Status::kOutOfRange);
  EXPECT_EQ(Find(Dsdt({0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x01, 0x0b, 0x00, 0x08})).status(),
            Status::kOutOfRange);
}

TEST(SleepType, DisagreeingDefinitionsAreAmbiguous) {
  ByteVector twice = kQemuStyle;
  twice.insert(twice.end(), kQemuStyle.begin(), kQemuStyle.end());
  EXPECT_TRUE(Find(Dsdt(twice)).ok());  // agreeing copies are fine
  ByteVector other = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00};
  ByteVector disagree = kQemuStyle;
  disagree.insert(disagree.end(), other.begin(), other.end());
  EXPECT_EQ(Find(Dsdt(disagree)).status(), Status::kBadState);
  ByteVector bad = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a, 0x09, 0x00, 0x00};
  ByteVector with_bad = kQemuStyle;
  with_bad.insert(with_bad.end(), bad.begin(), bad.end());
  EXPECT_EQ(Find(Dsdt(with_bad)).status(), Status::kBadState);
}

TEST(SleepType, HeaderIsChecked) {
  ByteVector dsdt = Dsdt(kQemuStyle);
  dsdt[40] ^= 1;
  EXPECT_EQ(Find(dsdt).status(), Status::kCorrupt);
  ByteVector ssdt = Dsdt(kQemuStyle);
  std::memcpy(ssdt.data(), "SSDT", 4);
  FixTableChecksum(ssdt);
  EXPECT_EQ(Find(ssdt).status(), Status::kCorrupt);
}

TEST(SleepType, EveryTruncationIsSafe) {
  // The object as the last bytes of the table, cut anywhere (length and checksum kept
  // consistent): found only when complete, never a read past the end.
  ByteVector full = MakeTable("DSDT", kQemuStyle, 2);
  for (size_t size = 36; size <= full.size(); ++size) {
    ByteVector table(full.begin(), full.begin() + size);
    Reseal(table);
    Result<SleepType> s5 = Find(table);
    if (size == full.size()) {
      EXPECT_TRUE(s5.ok());
    } else {
      EXPECT_EQ(s5.status(), Status::kNotFound) << size;
    }
  }
}

TEST(SleepType, RandomAmlIsSafe) {
  std::mt19937 random(55);
  for (int round = 0; round < 5000; ++round) {
    ByteVector aml = kQemuStyle;
    for (int i = 0; i < 3; ++i) aml[5 + random() % 7] = static_cast<uint8_t>(random());
    aml.resize(aml.size() + random() % 4);
    Result<SleepType> s5 = Find(MakeTable("DSDT", aml, 2));
    if (s5.ok()) {
      EXPECT_LE(s5->a, 7);
      EXPECT_LE(s5->b, 7);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
