#include "kernel/acpi/generic_address.h"

#include "kernel/acpi/table_header.h"

namespace raeen::kernel::acpi {

uint32_t GenericAddress::AccessBits() const {
  switch (access_size) {
    case AccessSize::kUndefined: return 0;
    case AccessSize::kByte: return 8;
    case AccessSize::kWord: return 16;
    case AccessSize::kDword: return 32;
    case AccessSize::kQword: return 64;
  }
  return 0;
}

rstd::StringView AddressSpaceName(AddressSpace space) {
  switch (space) {
    case AddressSpace::kSystemMemory: return "memory";
    case AddressSpace::kSystemIo: return "io";
    case AddressSpace::kPciConfiguration: return "pci-config";
    case AddressSpace::kEmbeddedController: return "embedded-controller";
    case AddressSpace::kSmbus: return "smbus";
    case AddressSpace::kSystemCmos: return "cmos";
    case AddressSpace::kPciBarTarget: return "pci-bar";
    case AddressSpace::kIpmi: return "ipmi";
    case AddressSpace::kGeneralPurposeIo: return "gpio";
    case AddressSpace::kGenericSerialBus: return "serial-bus";
    case AddressSpace::kPlatformCommunicationsChannel: return "pcc";
    case AddressSpace::kPlatformRuntimeMechanism: return "prm";
    case AddressSpace::kFunctionalFixedHardware: return "ffixedhw";
  }
  return "oem";
}

Result<GenericAddress> ReadGenericAddress(rstd::Bytes bytes, uint64_t offset) {
  // [ACPI 6.5, 5.2.3.2]: Address Space ID 1, Register Bit Width 1, Register Bit
  // Offset 1, Access Size 1, Address 8.
  uint8_t raw[GenericAddress::kSize];
  for (uint64_t i = 0; i < GenericAddress::kSize; ++i) {
    uint64_t at = 0;
    if (!rstd::CheckedAdd(offset, i, &at) || !ReadLe(bytes, at, &raw[i])) {
      return Error(Status::kCorrupt);
    }
  }
  GenericAddress gas{};
  gas.space = static_cast<AddressSpace>(raw[0]);
  gas.bit_width = raw[1];
  gas.bit_offset = raw[2];
  gas.access_size = static_cast<AccessSize>(raw[3]);
  __builtin_memcpy(&gas.address, raw + 4, sizeof(gas.address));
  if (!gas.present()) return GenericAddress{};

  if (raw[0] >= 0x0c && raw[0] <= 0x7e) return Error(Status::kCorrupt);
  if (raw[3] > static_cast<uint8_t>(AccessSize::kQword)) return Error(Status::kCorrupt);
  // The bit width is not bounded by the access size: a block such as PM1a_EVT (32 bits,
  // accessed as two words) or GPE0 (often 128 bits) is described by one structure. Each user
  // checks the width its register must have.
  if (gas.bit_offset != 0 && uint32_t{gas.bit_offset} >= gas.bit_width) {
    return Error(Status::kCorrupt);
  }
  return gas;
}

}  // namespace raeen::kernel::acpi
