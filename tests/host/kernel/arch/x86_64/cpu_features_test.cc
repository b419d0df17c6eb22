#include "kernel/arch/x86_64/cpu_features.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::kernel::arch {
namespace {

// The feature bits QEMU 7.2's TCG reports for `-cpu max` (as a RaeenOS boot log decoded them;
// the expected lists below are that log's lines).
CpuidLeaves QemuMax() {
  CpuidLeaves l{};
  l.max_basic_leaf = 0xd;
  l.max_extended_leaf = 0x8000001f;
  l.leaf1_ecx = (1u << 26) | (1u << 30) | (1u << 31);  // xsave rdrand hypervisor
  l.leaf1_edx = (1u << 4) | (1u << 9) | (1u << 13) | (1u << 16);  // tsc apic pge pat
  l.leaf7_ebx = (1u << 0) | (1u << 7) | (1u << 9) | (1u << 20);   // fsgsbase smep erms smap
  l.leaf7_ecx = (1u << 2) | (1u << 3);                            // umip pku
  l.ext1_edx = (1u << 20) | (1u << 26) | (1u << 27);              // nx pdpe1gb rdtscp
  return l;
}

std::string List(const CpuFeatures& features, bool present) {
  char buffer[256];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  WriteFeatureList(out, features, present);
  return std::string(out.view().data(), out.view().size());
}

TEST(CpuFeatures, DecodesQemuMax) {
  CpuFeatures f = DecodeCpuFeatures(QemuMax());
  EXPECT_TRUE(f.nx && f.smep && f.smap && f.umip && f.fsgsbase && f.pdpe1gb);
  EXPECT_FALSE(f.invariant_tsc || f.x2apic || f.tsc_deadline);
  EXPECT_EQ(List(f, true),
            "nx smep smap umip fsgsbase pku pge pat pdpe1gb tsc apic rdrand rdtscp xsave erms "
            "hypervisor");
  EXPECT_EQ(List(f, false), "pcid invpcid invariant-tsc tsc-deadline x2apic rdseed");
}

TEST(CpuFeatures, LeavesBeyondTheMaximumAreIgnored) {
  CpuidLeaves l = QemuMax();
  l.max_basic_leaf = 1;  // leaf 7 absent: its registers must not count even if non-zero
  l.max_extended_leaf = 0x80000000;
  CpuFeatures f = DecodeCpuFeatures(l);
  EXPECT_FALSE(f.smep || f.smap || f.umip || f.fsgsbase);
  EXPECT_FALSE(f.nx || f.pdpe1gb);
  EXPECT_TRUE(f.rdrand && f.tsc);
}

TEST(CpuFeatures, InvariantTscAndTimerBits) {
  CpuidLeaves l{};
  l.max_basic_leaf = 1;
  l.max_extended_leaf = 0x80000007;
  l.leaf1_ecx = (1u << 21) | (1u << 24);
  l.ext7_edx = 1u << 8;
  CpuFeatures f = DecodeCpuFeatures(l);
  EXPECT_TRUE(f.x2apic && f.tsc_deadline && f.invariant_tsc);
}

TEST(CpuFeatures, EmptyCpuHasNothing) {
  CpuFeatures f = DecodeCpuFeatures(CpuidLeaves{});
  EXPECT_EQ(List(f, true), "(none)");
  EXPECT_NE(List(f, false).find("nx smep smap umip"), std::string::npos);
}

}  // namespace
}  // namespace raeen::kernel::arch
