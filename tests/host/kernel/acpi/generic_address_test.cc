#include "kernel/acpi/generic_address.h"

#include <gtest/gtest.h>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

Result<GenericAddress> Read(const ByteVector& bytes, uint64_t offset = 0) {
  ExactBuffer exact(bytes);
  return ReadGenericAddress(exact.bytes(), offset);
}

TEST(GenericAddress, DecodesEveryField) {
  Result<GenericAddress> gas = Read(Gas(1, 32, 0, 3, 0x608));
  ASSERT_TRUE(gas.ok());
  EXPECT_EQ(gas->space, AddressSpace::kSystemIo);
  EXPECT_EQ(gas->bit_width, 32);
  EXPECT_EQ(gas->bit_offset, 0);
  EXPECT_EQ(gas->access_size, AccessSize::kDword);
  EXPECT_EQ(gas->AccessBits(), 32u);
  EXPECT_EQ(gas->address, 0x608u);
  EXPECT_TRUE(gas->present());
}

TEST(GenericAddress, ReadsAtAnOffset) {
  ByteVector bytes(5, 0xee);
  ByteVector gas = Gas(0, 64, 0, 4, 0x1'2345'6789'a000);
  bytes.insert(bytes.end(), gas.begin(), gas.end());
  Result<GenericAddress> read = Read(bytes, 5);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->address, 0x1'2345'6789'a000u);
  EXPECT_EQ(read->AccessBits(), 64u);
}

TEST(GenericAddress, ZeroAddressMeansAbsent) {
  // Whatever the other bytes say, even reserved values.
  Result<GenericAddress> gas = Read(Gas(0x42, 9, 200, 9, 0));
  ASSERT_TRUE(gas.ok());
  EXPECT_FALSE(gas->present());
  EXPECT_EQ(gas->space, AddressSpace::kSystemMemory);
  EXPECT_EQ(gas->bit_width, 0);
}

TEST(GenericAddress, ReservedAddressSpacesAreCorrupt) {
  for (int space = 0; space < 256; ++space) {
    Status status = Read(Gas(static_cast<uint8_t>(space), 8, 0, 1, 0x1000)).status();
    bool reserved = space >= 0x0c && space <= 0x7e;
    EXPECT_EQ(status, reserved ? Status::kCorrupt : Status::kOk) << space;
  }
  EXPECT_EQ(AddressSpaceName(AddressSpace::kFunctionalFixedHardware), "ffixedhw");
  EXPECT_EQ(AddressSpaceName(static_cast<AddressSpace>(0x80)), "oem");
}

TEST(GenericAddress, AccessSizeAboveQwordIsCorrupt) {
  for (uint8_t size = 0; size <= 4; ++size) EXPECT_TRUE(Read(Gas(0, 8, 0, size, 0x1000)).ok());
  for (int size = 5; size < 256; ++size) {
    EXPECT_EQ(Read(Gas(0, 8, 0, static_cast<uint8_t>(size), 0x1000)).status(), Status::kCorrupt);
  }
}

TEST(GenericAddress, BitOffsetOutsideTheRegisterIsCorrupt) {
  EXPECT_TRUE(Read(Gas(1, 8, 7, 1, 0xcf9)).ok());
  EXPECT_EQ(Read(Gas(1, 8, 8, 1, 0xcf9)).status(), Status::kCorrupt);
  EXPECT_EQ(Read(Gas(1, 0, 1, 1, 0xcf9)).status(), Status::kCorrupt);
  // Register blocks wider than their access size (GPE0: 128 bits in bytes) are fine.
  EXPECT_TRUE(Read(Gas(1, 128, 0, 1, 0x620)).ok());
}

TEST(GenericAddress, ReadsPastTheBytesAreRefused) {
  ByteVector gas = Gas(1, 8, 0, 1, 0xcf9);
  for (size_t size = 0; size < 12; ++size) {
    EXPECT_EQ(Read(ByteVector(gas.begin(), gas.begin() + size)).status(), Status::kCorrupt);
  }
  EXPECT_EQ(Read(gas, 1).status(), Status::kCorrupt);
  EXPECT_EQ(Read(gas, ~uint64_t{0} - 3).status(), Status::kCorrupt);
}

}  // namespace
}  // namespace raeen::kernel::acpi
