#pragma once
// The Generic Address Structure [ACPI 6.5, 5.2.3.2]: where a register lives (memory, I/O
// port, PCI configuration space, ...), how wide it is and how to access it. The FADT uses it
// for the PM timer, the PM1 blocks and the reset register; the HPET table for its base.

#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel::acpi {

// Address Space ID [ACPI 6.5, 5.2.3.2]. 0x0c..0x7e are reserved, 0x80..0xff OEM.
enum class AddressSpace : uint8_t {
  kSystemMemory = 0x00,
  kSystemIo = 0x01,
  kPciConfiguration = 0x02,
  kEmbeddedController = 0x03,
  kSmbus = 0x04,
  kSystemCmos = 0x05,
  kPciBarTarget = 0x06,
  kIpmi = 0x07,
  kGeneralPurposeIo = 0x08,
  kGenericSerialBus = 0x09,
  kPlatformCommunicationsChannel = 0x0a,
  kPlatformRuntimeMechanism = 0x0b,
  kFunctionalFixedHardware = 0x7f,
};

// Access Size: 0 means "undefined (legacy reasons)", then byte, word, dword, qword.
enum class AccessSize : uint8_t {
  kUndefined = 0,
  kByte = 1,
  kWord = 2,
  kDword = 3,
  kQword = 4,
};

struct GenericAddress {
  static constexpr uint64_t kSize = 12;

  AddressSpace space;
  uint8_t bit_width;
  uint8_t bit_offset;
  AccessSize access_size;
  uint64_t address;

  // An all-zero structure is how tables say "not implemented".
  bool present() const { return address != 0; }
  // Access width in bits (8..64), or 0 when the access size is undefined.
  uint32_t AccessBits() const;
};

// "memory", "io", "pci-config", ... for logs.
rstd::StringView AddressSpaceName(AddressSpace space);

// Decodes the 12 bytes at `offset` in `bytes`. kCorrupt when they do not fit, or when the
// structure is self-contradictory: an address space that is reserved (0x0c..0x7e), an access
// size above 4, a bit offset that is not inside the register's bit width. A structure whose
// address is 0 is accepted as absent (all fields zero) whatever its other bytes.
Result<GenericAddress> ReadGenericAddress(rstd::Bytes bytes, uint64_t offset);

}  // namespace raeen::kernel::acpi
