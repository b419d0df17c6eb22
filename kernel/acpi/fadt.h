#pragma once
// The Fixed ACPI Description Table [ACPI 6.5, 5.2.9] ("FACP"): the fixed-hardware register
// blocks that power and time need before any AML runs — the PM timer, the PM1 event and
// control blocks (sleep and poweroff), the reset register, the SCI and SMI command port —
// plus the flags and the DSDT address. The GPE blocks are left to the AML interpreter that
// will need them (docs/adr/0003-acpi-aml.md).
//
// The FADT grew with each ACPI release and firmware still ships old ones: its length, not
// its revision, says which fields exist [ACPI 6.5, 5.2.9]. Lengths by revision: 116 (1),
// 132 (2), 244 (3 and 4), 268 (5), 276 (6). A field beyond the length is absent (zero).
// Where a block is given twice (a 32-bit port field and a 64-bit GAS "X_" field), the X_ field
// is used when nonzero, as the specification asks.

#include <stdint.h>

#include "kernel/acpi/generic_address.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::acpi {

// Fixed Feature Flags [ACPI 6.5, 5.2.9] (bit numbers).
enum class FadtFlag : uint8_t {
  kWbinvd = 0,
  kWbinvdFlush = 1,
  kProcC1 = 2,
  kPLvl2Up = 3,
  kPowerButton = 4,  // set: the power button is a control method device, not fixed hardware
  kSleepButton = 5,
  kFixRtc = 6,
  kRtcS4 = 7,
  kTimerValueExtended = 8,  // TMR_VAL_EXT: the PM timer counts 32 bits, else 24
  kDockCapable = 9,
  kResetRegisterSupported = 10,  // RESET_REG_SUP
  kSealedCase = 11,
  kHeadless = 12,
  kCpuSoftwareSleep = 13,
  kPciExpressWake = 14,
  kUsePlatformClock = 15,
  kS4RtcStatusValid = 16,
  kRemotePowerOnCapable = 17,
  kForceApicClusterModel = 18,
  kForceApicPhysicalDestination = 19,
  kHardwareReducedAcpi = 20,  // HW_REDUCED_ACPI: no fixed hardware (PM timer, PM1, SMI, ...)
  kLowPowerS0IdleCapable = 21,
};

// IA-PC Boot Architecture Flags [ACPI 6.5, 5.2.9.3] (bit numbers).
enum class BootArchFlag : uint8_t {
  kLegacyDevices = 0,
  k8042 = 1,
  kVgaNotPresent = 2,
  kMsiNotSupported = 3,
  kPcieAspmControls = 4,
  kCmosRtcNotPresent = 5,
};

// Fields that were present but failed their own checks; they are reported as absent.
enum class FadtField : uint8_t {
  kPmTimer,
  kPm1aEvent,
  kPm1bEvent,
  kPm1aControl,
  kPm1bControl,
  kResetRegister,
  kSleepControl,
  kSleepStatus,
  kCentury,
  kCount,
};

// "pm-timer", "pm1a-event", ... for logs.
rstd::StringView FadtFieldName(FadtField field);

struct Fadt {
  // The lengths at which ACPI releases ended the table (see above).
  static constexpr uint32_t kLengthRevision1 = 116;
  static constexpr uint32_t kLengthRevision2 = 132;
  static constexpr uint32_t kLengthRevision3 = 244;
  static constexpr uint32_t kLengthRevision5 = 268;
  static constexpr uint32_t kLengthRevision6 = 276;

  uint8_t revision;       // FADT major version (header revision)
  uint8_t minor_version;  // from ACPI 5.1; 0 when absent
  uint32_t length;

  uint64_t dsdt;  // X_DSDT when present and nonzero, else DSDT; 0 when neither
  uint64_t facs;  // X_FIRMWARE_CTRL likewise, else FIRMWARE_CTRL
  uint8_t preferred_pm_profile;

  uint16_t sci_interrupt;     // the SCI's ISA IRQ / GSI (see the MADT overrides)
  uint32_t smi_command_port;  // 0: no SMI command port (ACPI already on or HW-reduced)
  uint8_t acpi_enable;        // written to smi_command_port to hand ACPI to the OS
  uint8_t acpi_disable;

  // Register blocks, each as a GAS (absent when not present). The 32-bit port fields become
  // system-I/O GASes whose bit width is the block length from the *_LEN fields.
  GenericAddress pm1a_event;
  GenericAddress pm1b_event;
  GenericAddress pm1a_control;
  GenericAddress pm1b_control;
  GenericAddress pm_timer;

  // The reset register [ACPI 6.5, 4.8.3.6]: write reset_value to it to reset the machine.
  // Present only when RESET_REG_SUP is set and the register is valid (8 bits at offset 0,
  // in system I/O, system memory or PCI configuration space of bus 0).
  GenericAddress reset_register;
  uint8_t reset_value;

  // HW-reduced sleep registers [ACPI 6.5, 4.8.3.7] (ACPI 5.0); 8 bits each.
  GenericAddress sleep_control;
  GenericAddress sleep_status;

  uint8_t century;             // CMOS index of the RTC's century register; 0: none
  uint16_t boot_arch;          // IA-PC Boot Architecture Flags; 0 before revision 3
  uint32_t flags;              // Fixed Feature Flags
  uint64_t hypervisor_vendor;  // ACPI 6.0; 0 when absent

  uint32_t rejected;  // bit FadtField: present but invalid, reported as absent

  bool Has(FadtFlag flag) const { return (flags >> static_cast<uint8_t>(flag)) & 1; }
  bool Has(BootArchFlag flag) const { return (boot_arch >> static_cast<uint8_t>(flag)) & 1; }
  bool Rejected(FadtField field) const { return (rejected >> static_cast<uint8_t>(field)) & 1; }
  bool hardware_reduced() const { return Has(FadtFlag::kHardwareReducedAcpi); }
  // The PM timer counts 32 bits (else 24) [ACPI 6.5, 4.8.3.3].
  bool pm_timer_32bit() const { return Has(FadtFlag::kTimerValueExtended); }
  bool reset_supported() const { return reset_register.present(); }
};

// Parses a "FACP" table of any revision (CheckTable: revision >= 1, length >= 116).
//   kCorrupt  malformed table (header, length, checksum).
// A register block that fails its own checks (a malformed GAS; a block outside system I/O and
// system memory; the PM timer not 32 bits wide (PM_TMR_LEN 4); PM1 control narrower than 16
// bits, PM1 event narrower than 32 or not a whole number of 16-bit halves; a bad reset or
// sleep register; a century index inside the RTC's clock registers) is dropped and its FadtField
// bit set in `rejected`: one bad block does not cost the others. With HW_REDUCED_ACPI the
// fixed-hardware blocks and the SMI fields are ignored (absent), as the specification tells the OS
// to do [ACPI 6.5, 4.1].
Result<Fadt> ParseFadt(rstd::Bytes fadt);

}  // namespace raeen::kernel::acpi
