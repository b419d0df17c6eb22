#include "kernel/arch/x86_64/lapic_registers.h"

#include <gtest/gtest.h>

namespace raeen::kernel::arch::lapic {
namespace {

TEST(LapicRegisters, X2ApicMsrsFollowTheMmioOffsets) {
  // [SDM 3A, 11.12.1.2, table 11-6]
  EXPECT_EQ(X2ApicMsr(kId), 0x802u);
  EXPECT_EQ(X2ApicMsr(kEoi), 0x80bu);
  EXPECT_EQ(X2ApicMsr(kSpuriousVector), 0x80fu);
  EXPECT_EQ(X2ApicMsr(kIcrLow), 0x830u);
  EXPECT_EQ(X2ApicMsr(kLvtTimer), 0x832u);
  EXPECT_EQ(X2ApicMsr(kTimerInitialCount), 0x838u);
  EXPECT_EQ(X2ApicMsr(kTimerDivide), 0x83eu);
}

TEST(LapicRegisters, SelfIpiEncoding) {
  // Shorthand self (bits 19:18 = 01), level assert, fixed, vector.
  EXPECT_EQ(SelfIpi(Delivery::kFixed, 0xf2), 0x0004'40f2u);
  // NMI delivery ignores the vector.
  EXPECT_EQ(SelfIpi(Delivery::kNmi, 0xf2), 0x0004'4400u);
}

TEST(LapicRegisters, OneShotCountRoundsUp) {
  // 1 GHz (QEMU's APIC timer at divide 1): one count per nanosecond.
  EXPECT_EQ(OneShotCount(150'000, 1'000'000'000), 150'000u);
  // 100 MHz: 10 ns per count; 15 ns needs 2 counts, not 1.
  EXPECT_EQ(OneShotCount(15, 100'000'000), 2u);
  EXPECT_EQ(OneShotCount(20, 100'000'000), 2u);
  EXPECT_EQ(OneShotCount(2'500'000'001, 100'000'000), 250'000'001u);
}

TEST(LapicRegisters, OneShotCountNeverZeroAndSaturates) {
  EXPECT_EQ(OneShotCount(0, 1'000'000'000), 1u);  // 0 would stop the timer
  EXPECT_EQ(OneShotCount(5'000'000'000, 1'000'000'000), 0xffff'ffffu);
  EXPECT_EQ(OneShotCount(~uint64_t{0}, 1'000'000'000), 0xffff'ffffu);
  EXPECT_EQ(OneShotCount(~uint64_t{0}, uint64_t{1} << 34), 0xffff'ffffu);
  EXPECT_EQ(OneShotCount(1000, 0), 0xffff'ffffu);
}

}  // namespace
}  // namespace raeen::kernel::arch::lapic
