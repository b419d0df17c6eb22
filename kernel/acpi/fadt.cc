#include "kernel/acpi/fadt.h"

#include "kernel/acpi/table_header.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel::acpi {
namespace {

// Byte offsets of the fields read [ACPI 6.5, 5.2.9].
constexpr uint64_t kFirmwareCtrl = 36;       // 4
constexpr uint64_t kDsdt = 40;               // 4
constexpr uint64_t kPreferredProfile = 45;   // 1
constexpr uint64_t kSciInt = 46;             // 2
constexpr uint64_t kSmiCmd = 48;             // 4
constexpr uint64_t kAcpiEnable = 52;         // 1
constexpr uint64_t kAcpiDisable = 53;        // 1
constexpr uint64_t kPm1aEvtBlk = 56;         // 4
constexpr uint64_t kPm1bEvtBlk = 60;         // 4
constexpr uint64_t kPm1aCntBlk = 64;         // 4
constexpr uint64_t kPm1bCntBlk = 68;         // 4
constexpr uint64_t kPmTmrBlk = 76;           // 4
constexpr uint64_t kPm1EvtLen = 88;          // 1
constexpr uint64_t kPm1CntLen = 89;          // 1
constexpr uint64_t kPmTmrLen = 91;           // 1
constexpr uint64_t kCentury = 108;           // 1
constexpr uint64_t kIapcBootArch = 109;      // 2, from revision 3
constexpr uint64_t kFlags = 112;             // 4
constexpr uint64_t kResetReg = 116;          // GAS, from revision 2
constexpr uint64_t kResetValue = 128;        // 1
constexpr uint64_t kMinorVersion = 131;      // 1, from ACPI 5.1
constexpr uint64_t kXFirmwareCtrl = 132;     // 8, from revision 3
constexpr uint64_t kXDsdt = 140;             // 8
constexpr uint64_t kXPm1aEvtBlk = 148;       // GAS
constexpr uint64_t kXPm1bEvtBlk = 160;       // GAS
constexpr uint64_t kXPm1aCntBlk = 172;       // GAS
constexpr uint64_t kXPm1bCntBlk = 184;       // GAS
constexpr uint64_t kXPmTmrBlk = 208;         // GAS
constexpr uint64_t kSleepControlReg = 244;   // GAS, from revision 5
constexpr uint64_t kSleepStatusReg = 256;    // GAS
constexpr uint64_t kHypervisorVendor = 268;  // 8, from revision 6

// The RTC's time, alarm and status registers are CMOS indexes 0x00..0x0d [MC146818]; a
// century register is in the CMOS RAM after them.
constexpr uint8_t kFirstCmosRamIndex = 0x0e;

// A field of `size` bytes at `offset`, or 0 when the table ends before it.
template <typename T>
T Field(rstd::Bytes fadt, uint64_t offset) {
  T value{};
  (void)ReadLe(fadt, offset, &value);
  return value;
}

bool Has(rstd::Bytes fadt, uint64_t offset, uint64_t size) {
  return offset <= fadt.size() && size <= fadt.size() - offset;
}

// The X_ GAS at `x_offset` when the table has it and it is nonzero, else the 32-bit port at
// `port_offset` as an I/O GAS `length_bytes` long. kCorrupt when the X_ GAS is malformed.
Result<GenericAddress> Block(rstd::Bytes fadt, uint64_t port_offset, uint8_t length_bytes,
                             uint64_t x_offset) {
  if (Has(fadt, x_offset, GenericAddress::kSize)) {
    RAEEN_TRY(GenericAddress x, ReadGenericAddress(fadt, x_offset));
    if (x.present()) return x;
  }
  uint32_t port = Field<uint32_t>(fadt, port_offset);
  if (port == 0) return GenericAddress{};
  if (length_bytes > 255 / 8) return Error(Status::kCorrupt);
  return GenericAddress{AddressSpace::kSystemIo, static_cast<uint8_t>(length_bytes * 8), 0,
                        AccessSize::kUndefined, port};
}

bool InIoOrMemory(const GenericAddress& gas) {
  return gas.space == AddressSpace::kSystemIo || gas.space == AddressSpace::kSystemMemory;
}

// A single 8-bit register at bit 0 (the reset and sleep registers).
bool IsByteRegister(const GenericAddress& gas) {
  return gas.bit_width == 8 && gas.bit_offset == 0;
}

// PCI configuration space addresses in a GAS: bus 0, device in bits 47:32, function in 31:16,
// register offset in 15:0 [ACPI 6.5, 5.2.3.2].
bool IsPciConfigAddress(uint64_t address) {
  uint64_t device = (address >> 32) & 0xffff;
  uint64_t function = (address >> 16) & 0xffff;
  return (address >> 48) == 0 && device < 32 && function < 8;
}

class Decoder {
 public:
  Decoder(rstd::Bytes bytes, Fadt& fadt) : bytes_(bytes), fadt_(fadt) {}

  // Reads a block and keeps it only if `valid` accepts it.
  template <typename Check>
  void ReadBlock(FadtField field, GenericAddress* out, uint64_t port_offset, uint8_t length_bytes,
                 uint64_t x_offset, Check valid) {
    Result<GenericAddress> block = Block(bytes_, port_offset, length_bytes, x_offset);
    if (block.ok() && (!block->present() || valid(*block))) {
      *out = *block;
    } else {
      *out = GenericAddress{};
      Reject(field);
    }
  }

  // A GAS-only register, present when the table reaches it.
  template <typename Check>
  void ReadRegister(FadtField field, GenericAddress* out, uint64_t offset, Check valid) {
    *out = GenericAddress{};
    if (!Has(bytes_, offset, GenericAddress::kSize)) return;
    Result<GenericAddress> gas = ReadGenericAddress(bytes_, offset);
    if (gas.ok() && (!gas->present() || valid(*gas))) {
      *out = *gas;
    } else {
      Reject(field);
    }
  }

  void Reject(FadtField field) { fadt_.rejected |= 1u << static_cast<uint8_t>(field); }

 private:
  rstd::Bytes bytes_;
  Fadt& fadt_;
};

void ReadFixedHardware(rstd::Bytes bytes, Fadt& fadt, Decoder& decoder) {
  fadt.smi_command_port = Field<uint32_t>(bytes, kSmiCmd);
  fadt.acpi_enable = Field<uint8_t>(bytes, kAcpiEnable);
  fadt.acpi_disable = Field<uint8_t>(bytes, kAcpiDisable);

  uint8_t event_length = Field<uint8_t>(bytes, kPm1EvtLen);
  uint8_t control_length = Field<uint8_t>(bytes, kPm1CntLen);
  uint8_t timer_length = Field<uint8_t>(bytes, kPmTmrLen);
  // PM1 event blocks are a status and an enable register of equal width [ACPI 6.5, 4.8.3.1].
  auto event_ok = [](const GenericAddress& gas) {
    return InIoOrMemory(gas) && gas.bit_width >= 32 && gas.bit_width % 16 == 0;
  };
  auto control_ok = [](const GenericAddress& gas) {
    return InIoOrMemory(gas) && gas.bit_width >= 16;
  };
  // The PM timer register is 32 bits wide even when only 24 count (TMR_VAL_EXT clear);
  // PM_TMR_LEN must be 4 [ACPI 6.5, 4.8.3.3].
  auto timer_ok = [](const GenericAddress& gas) {
    return InIoOrMemory(gas) && gas.bit_width == 32;
  };
  decoder.ReadBlock(FadtField::kPm1aEvent, &fadt.pm1a_event, kPm1aEvtBlk, event_length,
                    kXPm1aEvtBlk, event_ok);
  decoder.ReadBlock(FadtField::kPm1bEvent, &fadt.pm1b_event, kPm1bEvtBlk, event_length,
                    kXPm1bEvtBlk, event_ok);
  decoder.ReadBlock(FadtField::kPm1aControl, &fadt.pm1a_control, kPm1aCntBlk, control_length,
                    kXPm1aCntBlk, control_ok);
  decoder.ReadBlock(FadtField::kPm1bControl, &fadt.pm1b_control, kPm1bCntBlk, control_length,
                    kXPm1bCntBlk, control_ok);
  decoder.ReadBlock(FadtField::kPmTimer, &fadt.pm_timer, kPmTmrBlk, timer_length, kXPmTmrBlk,
                    timer_ok);
}

}  // namespace

rstd::StringView FadtFieldName(FadtField field) {
  switch (field) {
    case FadtField::kPmTimer: return "pm-timer";
    case FadtField::kPm1aEvent: return "pm1a-event";
    case FadtField::kPm1bEvent: return "pm1b-event";
    case FadtField::kPm1aControl: return "pm1a-control";
    case FadtField::kPm1bControl: return "pm1b-control";
    case FadtField::kResetRegister: return "reset-register";
    case FadtField::kSleepControl: return "sleep-control";
    case FadtField::kSleepStatus: return "sleep-status";
    case FadtField::kCentury: return "century";
    case FadtField::kCount: break;
  }
  return "unknown";
}

Result<Fadt> ParseFadt(rstd::Bytes bytes) {
  RAEEN_TRY(TableHeader header, CheckTable(bytes, "FACP", Fadt::kLengthRevision1, 1));
  Fadt fadt{};
  Decoder decoder(bytes, fadt);
  fadt.revision = header.revision;
  fadt.length = header.length;
  fadt.minor_version = Field<uint8_t>(bytes, kMinorVersion);
  fadt.flags = Field<uint32_t>(bytes, kFlags);
  fadt.preferred_pm_profile = Field<uint8_t>(bytes, kPreferredProfile);
  fadt.sci_interrupt = Field<uint16_t>(bytes, kSciInt);
  fadt.hypervisor_vendor = Field<uint64_t>(bytes, kHypervisorVendor);
  if (header.revision >= 3) fadt.boot_arch = Field<uint16_t>(bytes, kIapcBootArch);

  uint64_t x_dsdt = Field<uint64_t>(bytes, kXDsdt);
  fadt.dsdt = x_dsdt != 0 ? x_dsdt : Field<uint32_t>(bytes, kDsdt);
  uint64_t x_facs = Field<uint64_t>(bytes, kXFirmwareCtrl);
  fadt.facs = x_facs != 0 ? x_facs : Field<uint32_t>(bytes, kFirmwareCtrl);

  fadt.century = Field<uint8_t>(bytes, kCentury);
  if (fadt.century != 0 && fadt.century < kFirstCmosRamIndex) {
    fadt.century = 0;
    decoder.Reject(FadtField::kCentury);
  }

  if (!fadt.hardware_reduced()) ReadFixedHardware(bytes, fadt, decoder);

  // The reset register counts only with RESET_REG_SUP [ACPI 6.5, 4.8.3.6].
  if (fadt.Has(FadtFlag::kResetRegisterSupported) && Has(bytes, kResetValue, 1)) {
    decoder.ReadRegister(
        FadtField::kResetRegister, &fadt.reset_register, kResetReg, [](const GenericAddress& gas) {
          return IsByteRegister(gas) &&
                 (InIoOrMemory(gas) || (gas.space == AddressSpace::kPciConfiguration &&
                                        IsPciConfigAddress(gas.address)));
        });
    if (!fadt.reset_register.present() && !fadt.Rejected(FadtField::kResetRegister)) {
      decoder.Reject(FadtField::kResetRegister);  // supported, yet no register
    }
    if (fadt.reset_register.present()) fadt.reset_value = Field<uint8_t>(bytes, kResetValue);
  }

  auto sleep_ok = [](const GenericAddress& gas) {
    return IsByteRegister(gas) && InIoOrMemory(gas);
  };
  decoder.ReadRegister(FadtField::kSleepControl, &fadt.sleep_control, kSleepControlReg, sleep_ok);
  decoder.ReadRegister(FadtField::kSleepStatus, &fadt.sleep_status, kSleepStatusReg, sleep_ok);
  return fadt;
}

}  // namespace raeen::kernel::acpi
