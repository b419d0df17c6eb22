#include "kernel/arch/x86_64/ioapic_routing.h"

#include <gtest/gtest.h>

#include <memory>

namespace raeen::kernel::arch {
namespace {

using acpi::Polarity;
using acpi::TriggerMode;

// QEMU q35's MADT: one I/O APIC (GSIs 0..23); IRQ 0 -> GSI 2, and IRQs 5, 9, 10, 11 level
// triggered, active high (the PCI-routed ones).
std::unique_ptr<acpi::Madt> QemuQ35Madt() {
  auto madt = std::make_unique<acpi::Madt>();
  madt->io_apics[0] = {0, 0xfec00000, 0};
  madt->io_apic_count = 1;
  madt->overrides[0] = {0, 0, 2, {Polarity::kBusDefault, TriggerMode::kBusDefault}};
  madt->overrides[1] = {0, 5, 5, {Polarity::kActiveHigh, TriggerMode::kLevel}};
  madt->overrides[2] = {0, 9, 9, {Polarity::kActiveHigh, TriggerMode::kLevel}};
  madt->override_count = 3;
  return madt;
}

const IoApicRange kOneIoApic[] = {{0, 24}};

TEST(IoApicRouting, IsaIrqWithoutOverrideIsIdentityEdgeActiveHigh) {
  auto madt = QemuQ35Madt();
  Result<IsaRoute> route = RouteIsaIrq(*madt, kOneIoApic, 8);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->gsi, 8u);
  EXPECT_EQ(route->io_apic, 0u);
  EXPECT_EQ(route->pin, 8u);
  EXPECT_FALSE(route->active_low);
  EXPECT_FALSE(route->level_triggered);
}

TEST(IoApicRouting, OverrideMovesThePitToGsi2) {
  auto madt = QemuQ35Madt();
  Result<IsaRoute> route = RouteIsaIrq(*madt, kOneIoApic, 0);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->gsi, 2u);
  EXPECT_EQ(route->pin, 2u);
  // "Conforms to the bus" for ISA: edge, active high.
  EXPECT_FALSE(route->active_low);
  EXPECT_FALSE(route->level_triggered);
}

TEST(IoApicRouting, OverrideFlagsGiveLevelAndPolarity) {
  auto madt = QemuQ35Madt();
  Result<IsaRoute> level = RouteIsaIrq(*madt, kOneIoApic, 9);
  ASSERT_TRUE(level.ok());
  EXPECT_TRUE(level->level_triggered);
  EXPECT_FALSE(level->active_low);

  madt->overrides[3] = {0, 11, 11, {Polarity::kActiveLow, TriggerMode::kLevel}};
  madt->override_count = 4;
  Result<IsaRoute> low = RouteIsaIrq(*madt, kOneIoApic, 11);
  ASSERT_TRUE(low.ok());
  EXPECT_TRUE(low->active_low);
  EXPECT_TRUE(low->level_triggered);
}

TEST(IoApicRouting, GsiFindsTheIoApicThatServesIt) {
  auto madt = std::make_unique<acpi::Madt>();
  madt->io_apics[0] = {1, 0xfec00000, 0};
  madt->io_apics[1] = {2, 0xfec01000, 24};
  madt->io_apic_count = 2;
  madt->overrides[0] = {0, 4, 30, {Polarity::kBusDefault, TriggerMode::kBusDefault}};
  madt->override_count = 1;
  const IoApicRange ranges[] = {{0, 24}, {24, 16}};
  Result<IsaRoute> route = RouteIsaIrq(*madt, ranges, 4);
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->io_apic, 1u);
  EXPECT_EQ(route->pin, 6u);
}

TEST(IoApicRouting, UnservedGsiAndBadIrqAreErrors) {
  auto madt = QemuQ35Madt();
  const IoApicRange small[] = {{0, 2}};  // GSIs 0 and 1 only
  EXPECT_EQ(RouteIsaIrq(*madt, small, 0).status(), Status::kNotFound);  // GSI 2
  EXPECT_EQ(RouteIsaIrq(*madt, rstd::Span<const IoApicRange>(), 1).status(), Status::kNotFound);
  EXPECT_EQ(RouteIsaIrq(*madt, kOneIoApic, 16).status(), Status::kInvalidArgument);
}

TEST(IoApicRouting, RedirectionEntryCountFromVersionRegister) {
  // 82093AA: version 0x11, maximum redirection entry 23.
  EXPECT_EQ(RedirectionEntryCount(0x00170011), 24u);
  EXPECT_EQ(RedirectionEntryCount(0x00ff0020), 256u);
}

TEST(IoApicRouting, RedirectionEntryEncoding) {
  // Vector 0x20, fixed, physical, active high, edge, unmasked, to APIC 0.
  EXPECT_EQ(EncodeRedirectionEntry({0x20, 0, false, false, false}), 0x20u);
  // Active low (bit 13), level (bit 15), masked (bit 16), destination 3 (bits 63:56).
  EXPECT_EQ(EncodeRedirectionEntry({0x31, 3, true, true, true}),
            0x0300'0000'0001'a031ull);
}

TEST(IoApicRouting, RedirectionEntryRoundTrips) {
  for (int bits = 0; bits < 8; ++bits) {
    RedirectionEntry entry{0x40, 7, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
    RedirectionEntry back = DecodeRedirectionEntry(EncodeRedirectionEntry(entry));
    EXPECT_EQ(back.vector, entry.vector);
    EXPECT_EQ(back.destination, entry.destination);
    EXPECT_EQ(back.active_low, entry.active_low);
    EXPECT_EQ(back.level_triggered, entry.level_triggered);
    EXPECT_EQ(back.masked, entry.masked);
  }
}

TEST(IoApicRouting, SteeringKeepsAnAllowedDestination) {
  const uint8_t allowed[] = {2, 5};
  EXPECT_EQ(SteeredDestination(allowed, 9, 5), 5);
  EXPECT_EQ(SteeredDestination(allowed, 8, 2), 2);
}

TEST(IoApicRouting, SteeringSpreadsMovedEntriesByGsi) {
  const uint8_t allowed[] = {2, 5, 7};
  // APIC 0 (the boot CPU) is not allowed: GSI g goes to allowed[g % 3].
  EXPECT_EQ(SteeredDestination(allowed, 0, 0), 2);
  EXPECT_EQ(SteeredDestination(allowed, 1, 0), 5);
  EXPECT_EQ(SteeredDestination(allowed, 2, 0), 7);
  EXPECT_EQ(SteeredDestination(allowed, 3, 0), 2);
}

TEST(IoApicRouting, SteeringToOneCpuMovesEverything) {
  const uint8_t allowed[] = {1};
  for (uint32_t gsi = 0; gsi < 24; ++gsi) EXPECT_EQ(SteeredDestination(allowed, gsi, 0), 1);
}

TEST(IoApicRouting, RedirectionHighHalfHoldsTheDestination) {
  // The high half of EncodeRedirectionEntry's value, so writing it alone retargets an entry.
  const uint64_t entry = EncodeRedirectionEntry({0x22, 0x5a, false, false, true});
  EXPECT_EQ(RedirectionHighHalf(0x5a), static_cast<uint32_t>(entry >> 32));
}

}  // namespace
}  // namespace raeen::kernel::arch
