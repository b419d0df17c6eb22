#pragma once
// The interrupt descriptor table [Intel SDM vol. 3A, 6.10-6.14]. Every exception vector has
// a gate; double fault, NMI and machine check run on their own IST stacks.

namespace raeen::kernel::arch {

void InitIdt();

}  // namespace raeen::kernel::arch
