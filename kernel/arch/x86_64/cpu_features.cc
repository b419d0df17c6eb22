#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {
namespace {

constexpr bool Bit(uint32_t value, int bit) { return (value >> bit) & 1; }

struct FeatureName {
  const char* name;
  bool CpuFeatures::*flag;
};

// The order of the boot report: protections first, since they are what a reader checks.
constexpr FeatureName kFeatureNames[] = {
    {"nx", &CpuFeatures::nx},
    {"smep", &CpuFeatures::smep},
    {"smap", &CpuFeatures::smap},
    {"umip", &CpuFeatures::umip},
    {"fsgsbase", &CpuFeatures::fsgsbase},
    {"pku", &CpuFeatures::pku},
    {"pge", &CpuFeatures::global_pages},
    {"pat", &CpuFeatures::pat},
    {"pdpe1gb", &CpuFeatures::pdpe1gb},
    {"pcid", &CpuFeatures::pcid},
    {"invpcid", &CpuFeatures::invpcid},
    {"tsc", &CpuFeatures::tsc},
    {"invariant-tsc", &CpuFeatures::invariant_tsc},
    {"tsc-deadline", &CpuFeatures::tsc_deadline},
    {"apic", &CpuFeatures::apic},
    {"x2apic", &CpuFeatures::x2apic},
    {"rdrand", &CpuFeatures::rdrand},
    {"rdseed", &CpuFeatures::rdseed},
    {"rdtscp", &CpuFeatures::rdtscp},
    {"xsave", &CpuFeatures::xsave},
    {"erms", &CpuFeatures::erms},
    {"hypervisor", &CpuFeatures::hypervisor},
};

}  // namespace

CpuFeatures DecodeCpuFeatures(const CpuidLeaves& l) {
  CpuFeatures f{};
  // Leaf 1 [SDM vol. 2A, table 3-10 (ECX) and 3-11 (EDX)].
  if (l.max_basic_leaf >= 1) {
    f.pcid = Bit(l.leaf1_ecx, 17);
    f.x2apic = Bit(l.leaf1_ecx, 21);
    f.tsc_deadline = Bit(l.leaf1_ecx, 24);
    f.xsave = Bit(l.leaf1_ecx, 26);
    f.rdrand = Bit(l.leaf1_ecx, 30);
    f.hypervisor = Bit(l.leaf1_ecx, 31);
    f.tsc = Bit(l.leaf1_edx, 4);
    f.apic = Bit(l.leaf1_edx, 9);
    f.global_pages = Bit(l.leaf1_edx, 13);
    f.pat = Bit(l.leaf1_edx, 16);
  }
  // Leaf 7, subleaf 0: structured extended features.
  if (l.max_basic_leaf >= 7) {
    f.fsgsbase = Bit(l.leaf7_ebx, 0);
    f.smep = Bit(l.leaf7_ebx, 7);
    f.erms = Bit(l.leaf7_ebx, 9);
    f.invpcid = Bit(l.leaf7_ebx, 10);
    f.rdseed = Bit(l.leaf7_ebx, 18);
    f.smap = Bit(l.leaf7_ebx, 20);
    f.umip = Bit(l.leaf7_ecx, 2);
    f.pku = Bit(l.leaf7_ecx, 3);
  }
  if (l.max_extended_leaf >= 0x80000001) {
    f.nx = Bit(l.ext1_edx, 20);
    f.pdpe1gb = Bit(l.ext1_edx, 26);
    f.rdtscp = Bit(l.ext1_edx, 27);
  }
  if (l.max_extended_leaf >= 0x80000007) f.invariant_tsc = Bit(l.ext7_edx, 8);
  return f;
}

void WriteFeatureList(rstd::Writer& out, const CpuFeatures& features, bool present) {
  bool first = true;
  for (const FeatureName& feature : kFeatureNames) {
    if ((features.*feature.flag) != present) continue;
    if (!first) out.Write(" ");
    out.Write(feature.name);
    first = false;
  }
  if (first) out.Write("(none)");
}

}  // namespace raeen::kernel::arch
