#include "kernel/arch/x86_64/power_control.h"

#include <stddef.h>

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/port_io.h"
#include "kernel/mm/mmio.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint16_t kPciConfigAddress = 0xcf8;
constexpr uint16_t kPciConfigData = 0xcfc;
constexpr uint16_t kKeyboardStatus = 0x64;
constexpr uint16_t kKeyboardCommand = 0x64;
constexpr uint8_t kKeyboardInputFull = 1u << 1;
constexpr uint8_t kKeyboardPulseReset = 0xfe;
constexpr uint16_t kResetControl = 0xcf9;

bool ValidWidth(unsigned bits) {
  return bits == 8 || bits == 16 || bits == 32;
}

// A GAS in PCI configuration space: device in bits 47:32, function in 31:16, offset in 15:0,
// segment 0 and bus 0 [ACPI 6.5, 5.2.3.2]. Mechanism #1 reaches 256 bytes per function
// [PCI Local Bus 3.0, 3.2.2.3.2].
Result<uint16_t> PciDataPort(uint64_t address, unsigned bits) {
  const uint64_t device = (address >> 32) & 0xffff;
  const uint64_t function = (address >> 16) & 0xffff;
  const uint64_t offset = address & 0xffff;
  if ((address >> 48) != 0 || device >= 32 || function >= 8 || offset > 0xff) {
    return Error(Status::kOutOfRange);
  }
  if ((offset & 3) + bits / 8 > 4) return Error(Status::kInvalidArgument);
  Out32(kPciConfigAddress, 0x8000'0000u | static_cast<uint32_t>(device << 11) |
                               static_cast<uint32_t>(function << 8) |
                               static_cast<uint32_t>(offset & 0xfc));
  return static_cast<uint16_t>(kPciConfigData + (offset & 3));
}

// Memory registers are mapped once: a poweroff polls PM1a_CNT in a loop, and each MapMmio
// takes window space for good. Four entries cover PM1a, PM1b, the reset and sleep registers.
Result<uint64_t> MapRegister(uint64_t phys, unsigned bytes) {
  struct Mapping {
    uint64_t phys;
    uint64_t virt;
  };
  static Mapping mappings[4] = {};
  static size_t next = 0;
  const uint64_t page = phys & ~uint64_t{0xfff};
  // A register that crosses a page boundary is mapped on its own each time (none does).
  const bool one_page = ((phys + bytes - 1) & ~uint64_t{0xfff}) == page;
  if (one_page) {
    for (const Mapping& mapping : mappings) {
      if (mapping.virt != 0 && mapping.phys == page) return mapping.virt + (phys - page);
    }
  }
  RAEEN_TRY(uint64_t virt, MapMmio(phys, bytes));
  if (one_page) {
    mappings[next] = {page, virt - (phys - page)};
    next = (next + 1) % 4;
  }
  return virt;
}

Result<uint16_t> IoPort(const acpi::GenericAddress& reg, unsigned bits) {
  if (reg.space == acpi::AddressSpace::kPciConfiguration) return PciDataPort(reg.address, bits);
  if (reg.address > 0xffff) return Error(Status::kOutOfRange);
  return static_cast<uint16_t>(reg.address);
}

}  // namespace

Result<uint32_t> ReadAcpiRegister(const acpi::GenericAddress& reg, unsigned bits) {
  if (!ValidWidth(bits)) return Error(Status::kInvalidArgument);
  switch (reg.space) {
    case acpi::AddressSpace::kSystemIo:
    case acpi::AddressSpace::kPciConfiguration: {
      RAEEN_TRY(uint16_t port, IoPort(reg, bits));
      if (bits == 8) return uint32_t{In8(port)};
      if (bits == 16) return uint32_t{In16(port)};
      return In32(port);
    }
    case acpi::AddressSpace::kSystemMemory: {
      RAEEN_TRY(uint64_t virt, MapRegister(reg.address, bits / 8));
      if (bits == 8) return uint32_t{*reinterpret_cast<volatile const uint8_t*>(virt)};
      if (bits == 16) return uint32_t{*reinterpret_cast<volatile const uint16_t*>(virt)};
      return uint32_t{*reinterpret_cast<volatile const uint32_t*>(virt)};
    }
    default: return Error(Status::kUnsupported);
  }
}

Result<void> WriteAcpiRegister(const acpi::GenericAddress& reg, unsigned bits, uint32_t value) {
  if (!ValidWidth(bits)) return Error(Status::kInvalidArgument);
  switch (reg.space) {
    case acpi::AddressSpace::kSystemIo:
    case acpi::AddressSpace::kPciConfiguration: {
      RAEEN_TRY(uint16_t port, IoPort(reg, bits));
      if (bits == 8) {
        Out8(port, static_cast<uint8_t>(value));
      } else if (bits == 16) {
        Out16(port, static_cast<uint16_t>(value));
      } else {
        Out32(port, value);
      }
      return {};
    }
    case acpi::AddressSpace::kSystemMemory: {
      RAEEN_TRY(uint64_t virt, MapRegister(reg.address, bits / 8));
      if (bits == 8) {
        *reinterpret_cast<volatile uint8_t*>(virt) = static_cast<uint8_t>(value);
      } else if (bits == 16) {
        *reinterpret_cast<volatile uint16_t*>(virt) = static_cast<uint16_t>(value);
      } else {
        *reinterpret_cast<volatile uint32_t*>(virt) = value;
      }
      return {};
    }
    default: return Error(Status::kUnsupported);
  }
}

void WriteSmiCommand(uint16_t port, uint8_t value) {
  Out8(port, value);
}

void PulseKeyboardControllerReset() {
  // A controller that never drains gets the command anyway: there is nothing else to try.
  for (int i = 0; i < 100'000 && (In8(kKeyboardStatus) & kKeyboardInputFull) != 0; ++i) Pause();
  Out8(kKeyboardCommand, kKeyboardPulseReset);
}

void WriteResetControl(uint8_t value) {
  Out8(kResetControl, value);
}

void TripleFault() {
  struct [[gnu::packed]] {
    uint16_t limit;
    uint64_t base;
  } const empty_idt = {0, 0};
  asm volatile("cli; lidt %0; int3" : : "m"(empty_idt) : "memory");
  HaltForever();
}

}  // namespace raeen::kernel::arch
