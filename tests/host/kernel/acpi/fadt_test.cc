#include "kernel/acpi/fadt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

constexpr uint32_t kResetRegSup = 1u << 10;
constexpr uint32_t kTmrValExt = 1u << 8;
constexpr uint32_t kHwReduced = 1u << 20;

// A FADT of `length` bytes [ACPI 6.5, 5.2.9, Table 5.9] for a PIIX/ICH-style machine: a full
// revision 6 table (32-bit port fields and X_ GASes) cut to `length`, so that fields beyond it
// are missing or, for a GAS the end cuts through, partial.
ByteVector MakeFadt(uint8_t revision, uint32_t length, uint32_t flags) {
  ByteVector t(std::max<size_t>(length, 276), 0);
  std::memcpy(t.data(), "FACP", 4);
  t[8] = revision;
  Put<uint32_t>(t, 36, 0x7fe0000);  // FIRMWARE_CTRL
  Put<uint32_t>(t, 40, 0x7fd0000);  // DSDT
  t[45] = 1;                        // desktop
  Put<uint16_t>(t, 46, 9);          // SCI_INT
  Put<uint32_t>(t, 48, 0xb2);       // SMI_CMD
  t[52] = 0xf1;                     // ACPI_ENABLE
  t[53] = 0xf0;                     // ACPI_DISABLE
  Put<uint32_t>(t, 56, 0x400);      // PM1a_EVT_BLK
  Put<uint32_t>(t, 64, 0x404);      // PM1a_CNT_BLK
  Put<uint32_t>(t, 76, 0x408);      // PM_TMR_BLK
  Put<uint32_t>(t, 80, 0x420);      // GPE0_BLK
  t[88] = 4;                        // PM1_EVT_LEN
  t[89] = 2;                        // PM1_CNT_LEN
  t[91] = 4;                        // PM_TMR_LEN
  t[92] = 16;                       // GPE0_BLK_LEN
  t[108] = 0x32;                    // CENTURY
  Put<uint16_t>(t, 109, 0x0003);    // IAPC_BOOT_ARCH: legacy devices, 8042
  Put<uint32_t>(t, 112, flags);
  auto gas = [&](size_t at, const ByteVector& value) {
    std::copy(value.begin(), value.end(), t.begin() + at);
  };
  gas(116, Gas(1, 8, 0, 1, 0xcf9));                              // RESET_REG
  t[128] = 0x06;                                                 // RESET_VALUE
  t[131] = 4;                                                    // minor version
  Put<uint64_t>(t, 140, 0x7fd0000);                              // X_DSDT
  gas(148, Gas(1, 32, 0, 2, 0x400));                             // X_PM1a_EVT_BLK
  gas(172, Gas(1, 16, 0, 2, 0x404));                             // X_PM1a_CNT_BLK
  gas(208, Gas(1, 32, 0, 3, 0x408));                             // X_PM_TMR_BLK
  gas(220, Gas(1, 128, 0, 1, 0x420));                            // X_GPE0_BLK
  if (revision >= 6) Put<uint64_t>(t, 268, 0x4d564b4d564b4d56);  // hypervisor vendor
  t.resize(length);
  Reseal(t);
  return t;
}

Result<Fadt> Parse(const ByteVector& table) {
  ExactBuffer exact(table);
  return ParseFadt(exact.bytes());
}

TEST(Fadt, Revision3ReadsEveryField) {
  Result<Fadt> fadt = Parse(MakeFadt(3, 244, kResetRegSup | kTmrValExt));
  ASSERT_TRUE(fadt.ok()) << StatusName(fadt.status());
  EXPECT_EQ(fadt->revision, 3);
  EXPECT_EQ(fadt->length, 244u);
  EXPECT_EQ(fadt->minor_version, 4);
  EXPECT_EQ(fadt->dsdt, 0x7fd0000u);
  EXPECT_EQ(fadt->facs, 0x7fe0000u);
  EXPECT_EQ(fadt->preferred_pm_profile, 1);
  EXPECT_EQ(fadt->sci_interrupt, 9);
  EXPECT_EQ(fadt->smi_command_port, 0xb2u);
  EXPECT_EQ(fadt->acpi_enable, 0xf1);
  EXPECT_EQ(fadt->acpi_disable, 0xf0);
  EXPECT_EQ(fadt->pm_timer.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->pm_timer.address, 0x408u);
  EXPECT_EQ(fadt->pm_timer.access_size, AccessSize::kDword);  // from the X_ GAS
  EXPECT_TRUE(fadt->pm_timer_32bit());
  EXPECT_EQ(fadt->pm1a_event.address, 0x400u);
  EXPECT_EQ(fadt->pm1a_event.bit_width, 32);
  EXPECT_EQ(fadt->pm1a_control.address, 0x404u);
  EXPECT_FALSE(fadt->pm1b_event.present());
  EXPECT_FALSE(fadt->pm1b_control.present());
  EXPECT_TRUE(fadt->reset_supported());
  EXPECT_EQ(fadt->reset_register.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->reset_register.address, 0xcf9u);
  EXPECT_EQ(fadt->reset_value, 0x06);
  EXPECT_FALSE(fadt->sleep_control.present());
  EXPECT_EQ(fadt->century, 0x32);
  EXPECT_EQ(fadt->boot_arch, 0x0003);
  EXPECT_TRUE(fadt->Has(BootArchFlag::k8042));
  EXPECT_TRUE(fadt->Has(BootArchFlag::kLegacyDevices));
  EXPECT_FALSE(fadt->Has(BootArchFlag::kVgaNotPresent));
  EXPECT_FALSE(fadt->hardware_reduced());
  EXPECT_EQ(fadt->hypervisor_vendor, 0u);
  EXPECT_EQ(fadt->rejected, 0u);
}

TEST(Fadt, Revision1HasNoExtendedFields) {
  // ACPI 1.0: 116 bytes, ends with the flags. Ports only, no reset register, no boot flags.
  Result<Fadt> fadt = Parse(MakeFadt(1, 116, kResetRegSup));
  ASSERT_TRUE(fadt.ok()) << StatusName(fadt.status());
  EXPECT_EQ(fadt->length, 116u);
  EXPECT_EQ(fadt->minor_version, 0);
  EXPECT_EQ(fadt->dsdt, 0x7fd0000u);
  EXPECT_EQ(fadt->pm_timer.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->pm_timer.address, 0x408u);
  EXPECT_EQ(fadt->pm_timer.bit_width, 32);  // PM_TMR_LEN 4
  EXPECT_EQ(fadt->pm_timer.access_size, AccessSize::kUndefined);
  EXPECT_FALSE(fadt->pm_timer_32bit());
  EXPECT_EQ(fadt->pm1a_control.address, 0x404u);
  EXPECT_EQ(fadt->pm1a_control.bit_width, 16);
  EXPECT_FALSE(fadt->reset_supported());
  EXPECT_EQ(fadt->boot_arch, 0);  // reserved before revision 3
  EXPECT_EQ(fadt->rejected, 0u);
}

TEST(Fadt, Revision2HasTheResetRegister) {
  Result<Fadt> fadt = Parse(MakeFadt(2, 132, kResetRegSup));
  ASSERT_TRUE(fadt.ok());
  EXPECT_TRUE(fadt->reset_supported());
  EXPECT_EQ(fadt->reset_value, 0x06);
  EXPECT_EQ(fadt->boot_arch, 0);
  EXPECT_EQ(fadt->pm_timer.access_size, AccessSize::kUndefined);  // no X_ fields yet
}

TEST(Fadt, Revisions5And6) {
  ByteVector table = MakeFadt(5, 268, kResetRegSup);
  std::vector<uint8_t> sleep_control = Gas(1, 8, 0, 1, 0x1004);
  std::vector<uint8_t> sleep_status = Gas(0, 8, 0, 1, 0xfe001000);
  std::copy(sleep_control.begin(), sleep_control.end(), table.begin() + 244);
  std::copy(sleep_status.begin(), sleep_status.end(), table.begin() + 256);
  FixTableChecksum(table);
  Result<Fadt> fadt = Parse(table);
  ASSERT_TRUE(fadt.ok());
  EXPECT_EQ(fadt->sleep_control.address, 0x1004u);
  EXPECT_EQ(fadt->sleep_status.space, AddressSpace::kSystemMemory);
  EXPECT_EQ(fadt->hypervisor_vendor, 0u);

  Result<Fadt> v6 = Parse(MakeFadt(6, 276, 0));
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->hypervisor_vendor, 0x4d564b4d564b4d56u);
  EXPECT_FALSE(v6->reset_supported());  // RESET_REG_SUP clear: the register is not used
  EXPECT_EQ(v6->rejected, 0u);
}

TEST(Fadt, EveryLengthIsHandled) {
  // Any length from a bare header to a revision 6 table (the length field always agrees):
  // below 116 corrupt, from there fields appear as the table reaches them.
  for (uint32_t length = 36; length <= 300; ++length) {
    Result<Fadt> fadt = Parse(MakeFadt(3, length, kResetRegSup));
    if (length < 116) {
      EXPECT_EQ(fadt.status(), Status::kCorrupt) << length;
      continue;
    }
    ASSERT_TRUE(fadt.ok()) << length;
    EXPECT_EQ(fadt->pm_timer.address, 0x408u) << length;
    EXPECT_EQ(fadt->reset_supported(), length >= 129) << length;
    // A partial X_ GAS is not read: the port field stands.
    EXPECT_EQ(fadt->pm_timer.access_size,
              length >= 220 ? AccessSize::kDword : AccessSize::kUndefined)
        << length;
    EXPECT_EQ(fadt->rejected, 0u) << length;
  }
}

TEST(Fadt, XFieldsWinOverPorts) {
  ByteVector table = MakeFadt(3, 244, 0);
  ByteVector timer = Gas(0, 32, 0, 3, 0xfed40000);  // a memory-mapped PM timer
  std::copy(timer.begin(), timer.end(), table.begin() + 208);
  Put<uint64_t>(table, 140, 0x1'0000'0000);  // X_DSDT above 4 GiB
  FixTableChecksum(table);
  Result<Fadt> fadt = Parse(table);
  ASSERT_TRUE(fadt.ok());
  EXPECT_EQ(fadt->pm_timer.space, AddressSpace::kSystemMemory);
  EXPECT_EQ(fadt->pm_timer.address, 0xfed40000u);
  EXPECT_EQ(fadt->dsdt, 0x1'0000'0000u);
  // A zero X_ field falls back to the port.
  std::fill(table.begin() + 208, table.begin() + 220, 0);
  Put<uint64_t>(table, 140, 0);
  FixTableChecksum(table);
  Result<Fadt> ports = Parse(table);
  ASSERT_TRUE(ports.ok());
  EXPECT_EQ(ports->pm_timer.address, 0x408u);
  EXPECT_EQ(ports->dsdt, 0x7fd0000u);
}

// Puts `gas` at `offset` in a revision 3 FADT and returns what was parsed.
Result<Fadt> WithGas(size_t offset, const ByteVector& gas, uint32_t flags = kResetRegSup) {
  ByteVector table = MakeFadt(3, 244, flags);
  std::copy(gas.begin(), gas.end(), table.begin() + offset);
  FixTableChecksum(table);
  return Parse(table);
}

TEST(Fadt, BadBlocksAreRejectedAlone) {
  struct Case {
    const char* what;
    size_t offset;
    ByteVector gas;
    FadtField field;
  };
  std::vector<Case> cases = {
      {"timer in PCI space", 208, Gas(2, 32, 0, 3, 0x408), FadtField::kPmTimer},
      {"timer 16 bits", 208, Gas(1, 16, 0, 2, 0x408), FadtField::kPmTimer},
      {"timer reserved space", 208, Gas(0x33, 32, 0, 3, 0x408), FadtField::kPmTimer},
      {"timer access size 9", 208, Gas(1, 32, 0, 9, 0x408), FadtField::kPmTimer},
      {"PM1a event 16 bits", 148, Gas(1, 16, 0, 2, 0x400), FadtField::kPm1aEvent},
      {"PM1a event 40 bits", 148, Gas(1, 40, 0, 2, 0x400), FadtField::kPm1aEvent},
      {"PM1b event in SMBus", 160, Gas(4, 32, 0, 2, 0x500), FadtField::kPm1bEvent},
      {"PM1a control 8 bits", 172, Gas(1, 8, 0, 1, 0x404), FadtField::kPm1aControl},
      {"PM1b control in EC", 184, Gas(3, 16, 0, 2, 0x504), FadtField::kPm1bControl},
      {"reset 16 bits", 116, Gas(1, 16, 0, 2, 0xcf9), FadtField::kResetRegister},
      {"reset bit offset", 116, Gas(1, 8, 1, 1, 0xcf9), FadtField::kResetRegister},
      {"reset in CMOS", 116, Gas(5, 8, 0, 1, 0x70), FadtField::kResetRegister},
      {"reset PCI bus 1", 116, Gas(2, 8, 0, 1, 0x0001'0000'0000'0000), FadtField::kResetRegister},
      {"reset PCI device 32", 116, Gas(2, 8, 0, 1, 0x0000'0020'0000'00f9),
       FadtField::kResetRegister},
      {"reset absent but supported", 116, Gas(0, 0, 0, 0, 0), FadtField::kResetRegister},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<Fadt> fadt = WithGas(c.offset, c.gas);
    ASSERT_TRUE(fadt.ok());
    EXPECT_EQ(fadt->rejected, 1u << static_cast<uint8_t>(c.field));
    EXPECT_TRUE(fadt->Rejected(c.field));
    // The rest survives.
    if (c.field != FadtField::kPmTimer) EXPECT_EQ(fadt->pm_timer.address, 0x408u);
    if (c.field != FadtField::kResetRegister) EXPECT_TRUE(fadt->reset_supported());
  }
  Result<Fadt> timer = WithGas(208, Gas(2, 32, 0, 3, 0x408));
  EXPECT_FALSE(timer->pm_timer.present());
  Result<Fadt> reset = WithGas(116, Gas(1, 16, 0, 2, 0xcf9));
  EXPECT_FALSE(reset->reset_supported());
  EXPECT_EQ(reset->reset_value, 0);
}

TEST(Fadt, ResetRegisterSpaces) {
  Result<Fadt> memory = WithGas(116, Gas(0, 8, 0, 1, 0xfed80000));
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(memory->reset_register.space, AddressSpace::kSystemMemory);
  // Bus 0, device 0x1f, function 3, register 0xf9.
  Result<Fadt> pci = WithGas(116, Gas(2, 8, 0, 1, 0x0000'001f'0003'00f9));
  ASSERT_TRUE(pci.ok());
  EXPECT_EQ(pci->reset_register.space, AddressSpace::kPciConfiguration);
  EXPECT_EQ(pci->rejected, 0u);
  // Without RESET_REG_SUP the register is not used, and a bad one is not even looked at.
  Result<Fadt> unsupported = WithGas(116, Gas(1, 16, 3, 2, 0xcf9), 0);
  ASSERT_TRUE(unsupported.ok());
  EXPECT_FALSE(unsupported->reset_supported());
  EXPECT_EQ(unsupported->rejected, 0u);
}

TEST(Fadt, PortBlockLengthsAreChecked) {
  auto with = [](size_t offset, uint8_t value) {
    ByteVector table = MakeFadt(1, 116, 0);
    table[offset] = value;
    FixTableChecksum(table);
    return Parse(table);
  };
  EXPECT_TRUE(with(91, 3)->Rejected(FadtField::kPmTimer));  // PM_TMR_LEN must be 4
  EXPECT_TRUE(with(91, 0)->Rejected(FadtField::kPmTimer));
  EXPECT_TRUE(with(89, 1)->Rejected(FadtField::kPm1aControl));
  EXPECT_TRUE(with(88, 2)->Rejected(FadtField::kPm1aEvent));
  EXPECT_TRUE(with(88, 5)->Rejected(FadtField::kPm1aEvent));  // halves of 2.5 bytes
  EXPECT_EQ(with(88, 6)->rejected, 0u);                       // 2 x 24 bits
  EXPECT_EQ(with(88, 8)->rejected, 0u);                       // 2 x 32 bits
  EXPECT_TRUE(with(91, 200)->Rejected(FadtField::kPmTimer));  // too long for a GAS width
  // No port and no length: simply absent.
  ByteVector table = MakeFadt(1, 116, 0);
  Put<uint32_t>(table, 76, 0);
  table[91] = 0;
  FixTableChecksum(table);
  Result<Fadt> fadt = Parse(table);
  ASSERT_TRUE(fadt.ok());
  EXPECT_FALSE(fadt->pm_timer.present());
  EXPECT_EQ(fadt->rejected, 0u);
}

TEST(Fadt, CenturyInsideTheClockRegistersIsRejected) {
  for (uint8_t index : {1, 7, 9, 0x0d}) {
    ByteVector table = MakeFadt(3, 244, 0);
    table[108] = index;
    FixTableChecksum(table);
    Result<Fadt> fadt = Parse(table);
    ASSERT_TRUE(fadt.ok());
    EXPECT_EQ(fadt->century, 0);
    EXPECT_TRUE(fadt->Rejected(FadtField::kCentury));
  }
  ByteVector none = MakeFadt(3, 244, 0);
  none[108] = 0;
  FixTableChecksum(none);
  EXPECT_EQ(Parse(none)->rejected, 0u);
}

TEST(Fadt, HardwareReducedIgnoresFixedHardware) {
  ByteVector table = MakeFadt(5, 268, kHwReduced | kResetRegSup);
  ByteVector sleep = Gas(1, 8, 0, 1, 0x1004);
  std::copy(sleep.begin(), sleep.end(), table.begin() + 244);
  // Garbage in the fixed-hardware fields must not even be rejected: it is not looked at.
  table[91] = 3;
  FixTableChecksum(table);
  Result<Fadt> fadt = Parse(table);
  ASSERT_TRUE(fadt.ok());
  EXPECT_TRUE(fadt->hardware_reduced());
  EXPECT_FALSE(fadt->pm_timer.present());
  EXPECT_FALSE(fadt->pm1a_control.present());
  EXPECT_FALSE(fadt->pm1a_event.present());
  EXPECT_EQ(fadt->smi_command_port, 0u);
  EXPECT_EQ(fadt->acpi_enable, 0);
  EXPECT_TRUE(fadt->sleep_control.present());
  EXPECT_TRUE(fadt->reset_supported());
  EXPECT_EQ(fadt->rejected, 0u);
}

TEST(Fadt, HeaderDefectsAreCorrupt) {
  ByteVector good = MakeFadt(3, 244, kResetRegSup);
  ByteVector bad_checksum = good;
  bad_checksum[76] ^= 0x01;
  EXPECT_EQ(Parse(bad_checksum).status(), Status::kCorrupt);
  ByteVector dsdt = good;
  std::memcpy(dsdt.data(), "DSDT", 4);
  FixTableChecksum(dsdt);
  EXPECT_EQ(Parse(dsdt).status(), Status::kCorrupt);
  ByteVector revision_zero = good;
  revision_zero[8] = 0;
  FixTableChecksum(revision_zero);
  EXPECT_EQ(Parse(revision_zero).status(), Status::kCorrupt);
  for (uint32_t length : {0u, 115u, 243u, 245u, 0xffffffffu}) {
    ByteVector table = good;
    Put<uint32_t>(table, 4, length);
    FixTableChecksum(table);
    EXPECT_EQ(Parse(table).status(), Status::kCorrupt) << length;
  }
  for (size_t size = 0; size < good.size(); size += 7) {
    EXPECT_EQ(Parse(ByteVector(good.begin(), good.begin() + size)).status(), Status::kCorrupt);
  }
}

TEST(Fadt, RandomCorruptionIsSafe) {
  std::mt19937 random(1234);
  ByteVector original = MakeFadt(6, 276, kResetRegSup);
  for (int round = 0; round < 5000; ++round) {
    ByteVector table = original;
    for (int i = 0; i < 6; ++i) table[36 + random() % 240] = static_cast<uint8_t>(random());
    FixTableChecksum(table);
    Result<Fadt> fadt = Parse(table);
    ASSERT_TRUE(fadt.ok());  // the header is intact: only blocks can be rejected
    if (fadt->pm_timer.present()) {
      EXPECT_TRUE(fadt->pm_timer.space == AddressSpace::kSystemIo ||
                  fadt->pm_timer.space == AddressSpace::kSystemMemory);
    }
    if (fadt->reset_supported()) EXPECT_EQ(fadt->reset_register.bit_width, 8);
  }
}

TEST(Fadt, FieldNames) {
  EXPECT_EQ(FadtFieldName(FadtField::kPmTimer), "pm-timer");
  EXPECT_EQ(FadtFieldName(FadtField::kResetRegister), "reset-register");
  EXPECT_EQ(FadtFieldName(FadtField::kCentury), "century");
}

}  // namespace
}  // namespace raeen::kernel::acpi
