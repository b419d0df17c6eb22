#include "boot/uefi/acpi_rsdp.h"

#include <gtest/gtest.h>

#include <vector>

namespace raeen::boot {
namespace {

constexpr efi::Guid kSmbios = {
    0xeb9d2d31, 0x2d88, 0x11d3, {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};

void* At(uintptr_t address) {
  return reinterpret_cast<void*>(address);
}

RsdpLocation Find(const std::vector<efi::ConfigurationTable>& tables) {
  return FindRsdp(rstd::Span<const efi::ConfigurationTable>(tables.data(), tables.size()));
}

TEST(AcpiRsdp, PrefersTheAcpi20Entry) {
  RsdpLocation found = Find({{kSmbios, At(0x1000)},
                             {efi::kAcpi10TableGuid, At(0xe0000)},
                             {efi::kAcpi20TableGuid, At(0x7fb7e014)}});
  EXPECT_EQ(found.address, 0x7fb7e014u);
  EXPECT_EQ(found.revision, 2u);
}

TEST(AcpiRsdp, FallsBackToAcpi10) {
  RsdpLocation found = Find({{kSmbios, At(0x1000)}, {efi::kAcpi10TableGuid, At(0xe0000)}});
  EXPECT_EQ(found.address, 0xe0000u);
  EXPECT_EQ(found.revision, 1u);
}

TEST(AcpiRsdp, AbsentOrNullIsZero) {
  EXPECT_EQ(Find({}).address, 0u);
  RsdpLocation found = Find({{kSmbios, At(0x1000)}, {efi::kAcpi20TableGuid, nullptr}});
  EXPECT_EQ(found.address, 0u);
  EXPECT_EQ(found.revision, 0u);
}

}  // namespace
}  // namespace raeen::boot
