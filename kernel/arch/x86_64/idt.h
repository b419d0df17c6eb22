#pragma once
// The interrupt descriptor table [Intel SDM vol. 3A, 6.10-6.14]. All 256 vectors have a gate
// (exceptions and external interrupts alike reach HandleInterrupt; interrupt_vectors.h says
// what each external vector is for); double fault, NMI and machine check run on their own IST
// stacks.

namespace raeen::kernel::arch {

void InitIdt();

}  // namespace raeen::kernel::arch
