#pragma once
// The two 8259A PICs of PC-compatible machines. The kernel routes ISA IRQs through the I/O
// APIC instead, so the PICs are remapped away from the exception vectors (an IRQ already in
// flight, or a spurious IRQ 7/15, then cannot pose as a CPU exception) and fully masked
// before the local APIC is enabled [8259A datasheet; Intel SDM vol. 3A, 11.1 (note on
// masking the 8259 when using the APIC)].

namespace raeen::kernel::arch {

// Remaps the PICs to vectors::kLegacyPicBase..+15 and masks every line. Harmless where no
// PIC exists (the port writes go nowhere).
void RemapAndMaskLegacyPics();

}  // namespace raeen::kernel::arch
