#pragma once
// The hardware writes behind poweroff and reboot: ACPI fixed-hardware registers named by a
// Generic Address Structure, the SMI command port, the 8042's reset line, PCI reset control
// (port 0xcf9) and the triple fault. kernel/power decides which to use and in what order.

#include <stdint.h>

#include "kernel/acpi/generic_address.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

// Reads or writes `bits` (8, 16 or 32) of the register `reg` names [ACPI 6.5, 5.2.3.2]:
// system I/O (ports up to 0xffff), system memory (mapped uncached with MapMmio on first use and
// kept for the next accesses) or PCI configuration space of segment 0, bus 0 through
// configuration mechanism #1 (ports 0xcf8/0xcfc). Boot CPU only: not thread-safe.
//   kInvalidArgument  `bits` not 8, 16 or 32; a PCI register not inside one dword
//   kOutOfRange       an I/O port above 0xffff; a PCI address beyond bus 0's 256-byte spaces
//   kUnsupported      any other address space
//   kNoMemory         a memory register could not be mapped
Result<uint32_t> ReadAcpiRegister(const acpi::GenericAddress& reg, unsigned bits);
Result<void> WriteAcpiRegister(const acpi::GenericAddress& reg, unsigned bits, uint32_t value);

// ACPI_ENABLE (or another command) to the FADT's SMI command port [ACPI 6.5, 4.8.2.1].
void WriteSmiCommand(uint16_t port, uint8_t value);

// Asks the 8042 keyboard controller to pulse the CPU reset line (command 0xfe to port 0x64),
// after waiting (a bounded number of status reads) for its input buffer to drain.
void PulseKeyboardControllerReset();

// Writes `value` to the Reset Control register at port 0xcf9 [Intel ICH9 datasheet, 13.7.5].
void WriteResetControl(uint8_t value);

// Loads an empty IDT and raises int3: the #BP, the #GP it becomes and the #DF all find no
// gate, so the CPU shuts down, which the board turns into a reset.
[[noreturn]] void TripleFault();

}  // namespace raeen::kernel::arch
