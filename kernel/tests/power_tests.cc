// In-kernel tests of the poweroff and reboot plans on the firmware's real tables (q35 with
// OVMF), and a manual test that powers off (`ktest=power.off`).

#include "kernel/acpi/platform_tables.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/power/power.h"
#include "kernel/power/power_plan.h"

namespace raeen::kernel {
namespace {

// q35 offers ACPI S5 through PM1a_CNT in I/O space and no PM1b block.
KTEST(power, poweroff_plan_uses_acpi_s5) {
  const power::PowerOffPlan plan = power::PlanPowerOff(power::FactsFromBoot(), true);
  KTEST_EXPECT(plan.method == power::AcpiOffMethod::kPm1Control);
  KTEST_EXPECT(plan.pm1a_control.space == acpi::AddressSpace::kSystemIo);
  KTEST_EXPECT(plan.pm1a_control.present());
  KTEST_EXPECT(!plan.pm1b_control.present());
  KTEST_EXPECT(plan.debug_exit);
}

// q35's FADT has a reset register (RESET_REG_SUP) and lists an 8042: every step is planned.
KTEST(power, reboot_plan_starts_with_the_reset_register) {
  const power::RebootPlan plan = power::PlanReboot(power::FactsFromBoot().fadt);
  KTEST_EXPECT(plan.step_count == 4);
  KTEST_EXPECT(plan.steps[0] == power::ResetMethod::kAcpiResetRegister);
  KTEST_EXPECT(plan.steps[plan.step_count - 1] == power::ResetMethod::kTripleFault);
  KTEST_EXPECT(plan.reset_register.present());
}

// Ends the boot: QEMU exits with status 0 when ACPI S5 works, 39 when only isa-debug-exit did.
KTEST_MANUAL(power, off) {
  power::PowerOff();
}

}  // namespace
}  // namespace raeen::kernel
