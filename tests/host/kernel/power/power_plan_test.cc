#include "kernel/power/power_plan.h"

#include <gtest/gtest.h>

#include <vector>

#include "kernel/acpi/fadt.h"
#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::power {
namespace {

using acpi::AddressSpace;
using acpi::Fadt;
using acpi::GenericAddress;

GenericAddress Io(uint64_t port, uint8_t bits) {
  return {AddressSpace::kSystemIo, bits, 0, acpi::AccessSize::kUndefined, port};
}

constexpr uint32_t kResetRegSup = 1u << 10;
constexpr uint32_t kHwReduced = 1u << 20;
constexpr uint16_t kBoot8042 = 1u << 1;

// A FADT like q35's: revision 3, PM1a_CNT at 0x604, SMI_CMD 0xb2 / ACPI_ENABLE 2, reset
// register 0xcf9 <- 0x0f, an 8042.
Fadt QemuLikeFadt() {
  Fadt fadt{};
  fadt.revision = 3;
  fadt.length = Fadt::kLengthRevision3;
  fadt.pm1a_control = Io(0x604, 16);
  fadt.smi_command_port = 0xb2;
  fadt.acpi_enable = 0x02;
  fadt.flags = kResetRegSup;
  fadt.reset_register = Io(0xcf9, 8);
  fadt.reset_value = 0x0f;
  fadt.boot_arch = kBoot8042;
  return fadt;
}

PowerFacts Facts(const Fadt* fadt, Status s5_status = Status::kOk, acpi::SleepType s5 = {0, 0}) {
  return PowerFacts{fadt, s5_status, s5};
}

std::vector<ResetMethod> Steps(const RebootPlan& plan) {
  return std::vector<ResetMethod>(plan.steps, plan.steps + plan.step_count);
}

// ---------------------------------------------------------------------------------------
// Poweroff

TEST(PowerOffPlan, QemuUsesPm1aWithTheS5SleepType) {
  const Fadt fadt = QemuLikeFadt();
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt, Status::kOk, {5, 0}), false);
  ASSERT_EQ(plan.method, AcpiOffMethod::kPm1Control);
  EXPECT_EQ(plan.pm1a_control.address, 0x604u);
  EXPECT_FALSE(plan.pm1b_control.present());
  EXPECT_EQ(plan.sleep_type.a, 5);
  EXPECT_EQ(plan.smi_command_port, 0xb2);
  EXPECT_EQ(plan.acpi_enable, 0x02);
  EXPECT_FALSE(plan.debug_exit);
}

TEST(PowerOffPlan, DebugExitOnlyOnTestBoots) {
  const Fadt fadt = QemuLikeFadt();
  EXPECT_TRUE(PlanPowerOff(Facts(&fadt), true).debug_exit);
  EXPECT_FALSE(PlanPowerOff(Facts(&fadt), false).debug_exit);
  // Also when ACPI is unavailable.
  EXPECT_TRUE(PlanPowerOff(Facts(nullptr), true).debug_exit);
  EXPECT_FALSE(PlanPowerOff(Facts(nullptr), false).debug_exit);
}

TEST(PowerOffPlan, Pm1bIsWrittenWhenPresent) {
  Fadt fadt = QemuLikeFadt();
  fadt.pm1b_control = Io(0x804, 16);
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt, Status::kOk, {7, 3}), false);
  ASSERT_EQ(plan.method, AcpiOffMethod::kPm1Control);
  EXPECT_EQ(plan.pm1b_control.address, 0x804u);
  EXPECT_EQ(plan.sleep_type.a, 7);
  EXPECT_EQ(plan.sleep_type.b, 3);
}

TEST(PowerOffPlan, UnreachablePm1bIsLeftOut) {
  Fadt fadt = QemuLikeFadt();
  fadt.pm1b_control = Io(0x1'0000, 16);
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt), false);
  ASSERT_EQ(plan.method, AcpiOffMethod::kPm1Control);
  EXPECT_FALSE(plan.pm1b_control.present());
}

TEST(PowerOffPlan, MemoryMappedPm1aIsAllowed) {
  Fadt fadt = QemuLikeFadt();
  fadt.pm1a_control = {AddressSpace::kSystemMemory, 16, 0, acpi::AccessSize::kWord, 0xfed80004};
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt), false);
  ASSERT_EQ(plan.method, AcpiOffMethod::kPm1Control);
  EXPECT_EQ(plan.pm1a_control.space, AddressSpace::kSystemMemory);
}

TEST(PowerOffPlan, NoFadtMeansNoAcpiPoweroff) {
  const PowerOffPlan plan = PlanPowerOff(Facts(nullptr), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
  EXPECT_FALSE(plan.unavailable.empty());
}

TEST(PowerOffPlan, S5NotFoundOrAmbiguousMeansNoAcpiPoweroff) {
  const Fadt fadt = QemuLikeFadt();
  for (Status status :
       {Status::kNotFound, Status::kBadState, Status::kOutOfRange, Status::kCorrupt}) {
    const PowerOffPlan plan = PlanPowerOff(Facts(&fadt, status), true);
    EXPECT_EQ(plan.method, AcpiOffMethod::kNone) << StatusName(status);
    EXPECT_EQ(plan.detail, status);
    EXPECT_FALSE(plan.unavailable.empty());
    EXPECT_TRUE(plan.debug_exit);
  }
}

TEST(PowerOffPlan, SleepTypeAbove7IsRefused) {
  const Fadt fadt = QemuLikeFadt();
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt, Status::kOk, {8, 0}), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
  EXPECT_EQ(plan.detail, Status::kOutOfRange);
}

TEST(PowerOffPlan, MissingOrRejectedPm1aMeansNoAcpiPoweroff) {
  Fadt fadt = QemuLikeFadt();
  fadt.pm1a_control = {};
  PowerOffPlan plan = PlanPowerOff(Facts(&fadt), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
  const rstd::StringView missing = plan.unavailable;

  fadt.rejected = 1u << static_cast<uint8_t>(acpi::FadtField::kPm1aControl);
  plan = PlanPowerOff(Facts(&fadt), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
  EXPECT_FALSE(plan.unavailable == missing);  // says that the block was malformed

  fadt.rejected = 0;
  fadt.pm1a_control = Io(0x12345, 16);
  plan = PlanPowerOff(Facts(&fadt), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
}

TEST(PowerOffPlan, NoSmiCommandPortMeansNoAcpiEnable) {
  Fadt fadt = QemuLikeFadt();
  fadt.smi_command_port = 0;
  EXPECT_EQ(PlanPowerOff(Facts(&fadt), false).smi_command_port, 0);
  fadt = QemuLikeFadt();
  fadt.acpi_enable = 0;  // reserved (zero) without legacy mode
  EXPECT_EQ(PlanPowerOff(Facts(&fadt), false).smi_command_port, 0);
  fadt = QemuLikeFadt();
  fadt.smi_command_port = 0x10000;
  EXPECT_EQ(PlanPowerOff(Facts(&fadt), false).smi_command_port, 0);
}

TEST(PowerOffPlan, HardwareReducedUsesTheSleepControlRegister) {
  Fadt fadt{};
  fadt.revision = 6;
  fadt.length = Fadt::kLengthRevision6;
  fadt.flags = kHwReduced;
  fadt.sleep_control = {AddressSpace::kSystemMemory, 8, 0, acpi::AccessSize::kByte, 0xfe000000};
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt, Status::kOk, {5, 5}), false);
  ASSERT_EQ(plan.method, AcpiOffMethod::kSleepControl);
  EXPECT_EQ(plan.sleep_control.address, 0xfe000000u);
  EXPECT_EQ(plan.smi_command_port, 0);
}

TEST(PowerOffPlan, HardwareReducedWithoutSleepControlHasNoAcpiPoweroff) {
  Fadt fadt{};
  fadt.revision = 6;
  fadt.length = Fadt::kLengthRevision6;
  fadt.flags = kHwReduced;
  fadt.pm1a_control = Io(0x604, 16);  // ignored on a HW-reduced platform
  const PowerOffPlan plan = PlanPowerOff(Facts(&fadt), false);
  EXPECT_EQ(plan.method, AcpiOffMethod::kNone);
}

TEST(PowerOffPlan, Pm1ControlValueKeepsOtherBits) {
  // SCI_EN and bit 9 kept, the old SLP_TYP (7) replaced, SLP_EN only on the second write.
  EXPECT_EQ(Pm1ControlSleepValue(0x1c01 | 0x200, 5, false), 0x1401 | 0x200);
  EXPECT_EQ(Pm1ControlSleepValue(0x1c01 | 0x200, 5, true), 0x3401 | 0x200);
  EXPECT_EQ(Pm1ControlSleepValue(0x0001, 0, true), 0x2001);
  // A stale SLP_EN read back is not written on the first write.
  EXPECT_EQ(Pm1ControlSleepValue(0x2001, 0, false), 0x0001);
  // Only three bits of sleep type.
  EXPECT_EQ(Pm1ControlSleepValue(0, 0xff, false), 0x1c00);
}

TEST(PowerOffPlan, SleepControlValue) {
  EXPECT_EQ(SleepControlValue(0), 0x20);
  EXPECT_EQ(SleepControlValue(5), 0x34);
  EXPECT_EQ(SleepControlValue(7), 0x3c);
}

// ---------------------------------------------------------------------------------------
// Reboot

TEST(RebootPlan, QemuTriesEveryWayStartingWithTheResetRegister) {
  const Fadt fadt = QemuLikeFadt();
  const RebootPlan plan = PlanReboot(&fadt);
  EXPECT_EQ(Steps(plan), (std::vector<ResetMethod>{
                             ResetMethod::kAcpiResetRegister, ResetMethod::kKeyboardController,
                             ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
  EXPECT_EQ(plan.reset_register.address, 0xcf9u);
  EXPECT_EQ(plan.reset_value, 0x0f);
}

TEST(RebootPlan, WithoutAResetRegister) {
  Fadt fadt = QemuLikeFadt();
  fadt.flags = 0;
  fadt.reset_register = {};
  EXPECT_EQ(Steps(PlanReboot(&fadt)),
            (std::vector<ResetMethod>{ResetMethod::kKeyboardController,
                                      ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
}

TEST(RebootPlan, ResetRegisterInMemoryOrPciConfigurationSpace) {
  Fadt fadt = QemuLikeFadt();
  fadt.reset_register = {AddressSpace::kSystemMemory, 8, 0, acpi::AccessSize::kByte, 0xfed00000};
  RebootPlan plan = PlanReboot(&fadt);
  ASSERT_GE(plan.step_count, 1u);
  EXPECT_EQ(plan.steps[0], ResetMethod::kAcpiResetRegister);
  EXPECT_EQ(plan.reset_register.space, AddressSpace::kSystemMemory);

  // Device 0x1f, function 0, offset 0x44 of bus 0.
  fadt.reset_register = {AddressSpace::kPciConfiguration, 8, 0, acpi::AccessSize::kByte,
                         0x1f'0000'0044};
  plan = PlanReboot(&fadt);
  EXPECT_EQ(plan.steps[0], ResetMethod::kAcpiResetRegister);
  EXPECT_EQ(plan.reset_register.address, 0x1f'0000'0044u);
}

TEST(RebootPlan, NoKeyboardControllerWhenTheBootFlagsListNone) {
  Fadt fadt = QemuLikeFadt();
  fadt.boot_arch = 0;
  EXPECT_EQ(Steps(PlanReboot(&fadt)),
            (std::vector<ResetMethod>{ResetMethod::kAcpiResetRegister,
                                      ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
}

TEST(RebootPlan, FadtsOlderThanRevision3AssumeAKeyboardController) {
  Fadt fadt = QemuLikeFadt();
  fadt.revision = 2;
  fadt.length = Fadt::kLengthRevision2;
  fadt.boot_arch = 0;  // the field does not exist yet
  EXPECT_EQ(Steps(PlanReboot(&fadt))[1], ResetMethod::kKeyboardController);
}

TEST(RebootPlan, HardwareReducedWithResetRegisterAndNo8042) {
  Fadt fadt{};
  fadt.revision = 6;
  fadt.length = Fadt::kLengthRevision6;
  fadt.flags = kHwReduced | kResetRegSup;
  fadt.reset_register = Io(0xcf9, 8);
  fadt.reset_value = 0x06;
  EXPECT_EQ(Steps(PlanReboot(&fadt)),
            (std::vector<ResetMethod>{ResetMethod::kAcpiResetRegister,
                                      ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
}

TEST(RebootPlan, WithoutAFadtEverythingLegacy) {
  EXPECT_EQ(Steps(PlanReboot(nullptr)),
            (std::vector<ResetMethod>{ResetMethod::kKeyboardController,
                                      ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
}

TEST(RebootPlan, AResetPortBeyond16BitsIsSkipped) {
  Fadt fadt = QemuLikeFadt();
  fadt.reset_register = Io(0x1'0000, 8);
  EXPECT_EQ(Steps(PlanReboot(&fadt))[0], ResetMethod::kKeyboardController);
}

TEST(RebootPlan, EveryMethodHasAName) {
  for (ResetMethod method : {ResetMethod::kAcpiResetRegister, ResetMethod::kKeyboardController,
                             ResetMethod::kPciResetControl, ResetMethod::kTripleFault}) {
    EXPECT_NE(ResetMethodName(method), rstd::StringView("unknown"));
  }
}

TEST(RebootPlan, ParsesLinuxStyleWayNames) {
  ResetMethod method = ResetMethod::kTripleFault;
  ASSERT_TRUE(ParseResetMethod("acpi", &method));
  EXPECT_EQ(method, ResetMethod::kAcpiResetRegister);
  ASSERT_TRUE(ParseResetMethod("kbd", &method));
  EXPECT_EQ(method, ResetMethod::kKeyboardController);
  ASSERT_TRUE(ParseResetMethod("pci", &method));
  EXPECT_EQ(method, ResetMethod::kPciResetControl);
  ASSERT_TRUE(ParseResetMethod("triple", &method));
  EXPECT_EQ(method, ResetMethod::kTripleFault);
  EXPECT_FALSE(ParseResetMethod("", &method));
  EXPECT_FALSE(ParseResetMethod("ACPI", &method));
  EXPECT_FALSE(ParseResetMethod("kbd2", &method));
}

TEST(RebootPlan, StartingAtAWayKeepsTheWaysAfterIt) {
  const Fadt fadt = QemuLikeFadt();
  const RebootPlan full = PlanReboot(&fadt);
  bool found = false;
  RebootPlan plan = StartRebootPlanAt(full, ResetMethod::kKeyboardController, &found);
  EXPECT_TRUE(found);
  EXPECT_EQ(Steps(plan),
            (std::vector<ResetMethod>{ResetMethod::kKeyboardController,
                                      ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
  plan = StartRebootPlanAt(full, ResetMethod::kTripleFault, &found);
  EXPECT_TRUE(found);
  EXPECT_EQ(Steps(plan), (std::vector<ResetMethod>{ResetMethod::kTripleFault}));
  plan = StartRebootPlanAt(full, ResetMethod::kAcpiResetRegister, &found);
  EXPECT_TRUE(found);
  EXPECT_EQ(Steps(plan), Steps(full));
  EXPECT_EQ(plan.reset_register.address, 0xcf9u);
}

TEST(RebootPlan, StartingAtAWayTheMachineLacksKeepsThePlan) {
  Fadt fadt = QemuLikeFadt();
  fadt.boot_arch = 0;  // no 8042
  const RebootPlan full = PlanReboot(&fadt);
  bool found = true;
  const RebootPlan plan = StartRebootPlanAt(full, ResetMethod::kKeyboardController, &found);
  EXPECT_FALSE(found);
  EXPECT_EQ(Steps(plan), Steps(full));
}

// The FADT QEMU q35 really gives (tests/host/kernel/acpi/data), parsed, then planned.
TEST(PowerPlans, QemusRealFadt) {
  acpi::test_support::ExactBuffer bytes(acpi::test_support::QemuTable("FACP"));
  Result<Fadt> fadt = acpi::ParseFadt(bytes.bytes());
  ASSERT_TRUE(fadt.ok());
  const PowerOffPlan off = PlanPowerOff(Facts(&*fadt, Status::kOk, {0, 0}), true);
  ASSERT_EQ(off.method, AcpiOffMethod::kPm1Control);
  EXPECT_EQ(off.pm1a_control.space, AddressSpace::kSystemIo);
  EXPECT_EQ(off.pm1a_control.address, 0x604u);
  EXPECT_FALSE(off.pm1b_control.present());
  EXPECT_EQ(off.smi_command_port, 0xb2);
  EXPECT_EQ(off.acpi_enable, 0x02);

  const RebootPlan reboot = PlanReboot(&*fadt);
  EXPECT_EQ(Steps(reboot), (std::vector<ResetMethod>{
                               ResetMethod::kAcpiResetRegister, ResetMethod::kKeyboardController,
                               ResetMethod::kPciResetControl, ResetMethod::kTripleFault}));
  EXPECT_EQ(reboot.reset_register.address, 0xcf9u);
  EXPECT_EQ(reboot.reset_value, 0x0f);
}

}  // namespace
}  // namespace raeen::kernel::power
