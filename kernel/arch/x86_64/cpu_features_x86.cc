// Reading CPUID for DecodeCpuFeatures.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {
namespace {

void CopyRegisters(char* out, const uint32_t* registers, int count) {
  for (int i = 0; i < count; ++i) {
    for (int byte = 0; byte < 4; ++byte) out[i * 4 + byte] = static_cast<char>(registers[i] >> (8 * byte));
  }
}

}  // namespace

CpuidLeaves ReadCpuidLeaves() {
  CpuidLeaves leaves{};
  CpuidResult basic = Cpuid(0);
  leaves.max_basic_leaf = basic.eax;
  const uint32_t vendor[3] = {basic.ebx, basic.edx, basic.ecx};
  CopyRegisters(leaves.vendor, vendor, 3);
  if (leaves.max_basic_leaf >= 1) {
    CpuidResult r = Cpuid(1);
    leaves.leaf1_ecx = r.ecx;
    leaves.leaf1_edx = r.edx;
  }
  if (leaves.max_basic_leaf >= 7) {
    CpuidResult r = Cpuid(7, 0);
    leaves.leaf7_ebx = r.ebx;
    leaves.leaf7_ecx = r.ecx;
    leaves.leaf7_edx = r.edx;
  }
  leaves.max_extended_leaf = Cpuid(0x80000000).eax;
  if (leaves.max_extended_leaf >= 0x80000001) {
    CpuidResult r = Cpuid(0x80000001);
    leaves.ext1_ecx = r.ecx;
    leaves.ext1_edx = r.edx;
  }
  if (leaves.max_extended_leaf >= 0x80000004) {
    for (uint32_t i = 0; i < 3; ++i) {
      CpuidResult r = Cpuid(0x80000002 + i);
      const uint32_t registers[4] = {r.eax, r.ebx, r.ecx, r.edx};
      CopyRegisters(leaves.brand + i * 16, registers, 4);
    }
  }
  if (leaves.max_extended_leaf >= 0x80000007) leaves.ext7_edx = Cpuid(0x80000007).edx;
  return leaves;
}

}  // namespace raeen::kernel::arch
