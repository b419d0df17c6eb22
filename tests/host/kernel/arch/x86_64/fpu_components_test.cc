#include "kernel/arch/x86_64/fpu_components.h"

#include <gtest/gtest.h>

namespace raeen::kernel::arch {
namespace {

TEST(FpuComponents, X87AndSseAlways) {
  EXPECT_EQ(ChooseXcr0(0), kXcr0X87 | kXcr0Sse);
  EXPECT_EQ(ChooseXcr0(kXcr0X87 | kXcr0Sse), kXcr0X87 | kXcr0Sse);
}

TEST(FpuComponents, AvxWhenSupported) {
  EXPECT_EQ(ChooseXcr0(0x7), 0x7u);
}

TEST(FpuComponents, Avx512OnlyAsAWholeAndWithAvx) {
  EXPECT_EQ(ChooseXcr0(0xe7), 0xe7u);
  EXPECT_EQ(ChooseXcr0(0x67), 0x7u);  // ZMM_Hi256 without Hi16_ZMM: no AVX-512
  EXPECT_EQ(ChooseXcr0(0xe3), 0x3u);  // AVX-512 without AVX: neither
}

TEST(FpuComponents, MpxPkruAndUnknownBitsStayOff) {
  // bits 3-4 MPX, 9 PKRU, 17-18 AMX tile state
  EXPECT_EQ(ChooseXcr0(0x7 | (1u << 3) | (1u << 4) | (1u << 9) | (3u << 17)), 0x7u);
}

}  // namespace
}  // namespace raeen::kernel::arch
