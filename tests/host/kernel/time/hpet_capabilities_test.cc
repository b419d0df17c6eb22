#include "kernel/time/hpet_capabilities.h"

#include <gtest/gtest.h>

namespace raeen::kernel {
namespace {

// What QEMU's HPET reports: period 10 ns (100 MHz), vendor 0x8086, 64-bit counter,
// LegacyReplacement capable, comparators 0..2, revision 1.
constexpr uint64_t kQemuCapabilities = 0x0098'9680'8086'a201;

uint64_t Capabilities(uint32_t period_fs, uint16_t vendor, bool counter_64bit, uint8_t last_timer,
                      uint8_t revision) {
  return uint64_t{period_fs} << 32 | uint64_t{vendor} << 16 | uint64_t{1} << 15 |
         uint64_t{counter_64bit} << 13 | uint64_t{last_timer} << 8 | revision;
}

TEST(HpetCapabilities, DecodesQemusRegister) {
  const HpetCapabilities caps = DecodeHpetCapabilities(kQemuCapabilities);
  EXPECT_EQ(caps.revision, 1);
  EXPECT_EQ(caps.timer_count, 3);
  EXPECT_TRUE(caps.counter_64bit);
  EXPECT_EQ(caps.counter_bits(), 64u);
  EXPECT_TRUE(caps.legacy_replacement);
  EXPECT_EQ(caps.vendor_id, 0x8086);
  EXPECT_EQ(caps.period_fs, 10'000'000u);
  EXPECT_EQ(CheckHpetCapabilities(kQemuCapabilities), HpetProblem::kNone);
  EXPECT_EQ(HpetFrequencyHz(caps.period_fs), 100'000'000u);
}

TEST(HpetCapabilities, DecodesA32BitCounterWithManyTimers) {
  const HpetCapabilities caps =
      DecodeHpetCapabilities(Capabilities(69'841'279, 0x1022, false, 31, 0x10));
  EXPECT_FALSE(caps.counter_64bit);
  EXPECT_EQ(caps.counter_bits(), 32u);
  EXPECT_EQ(caps.timer_count, 32);
  EXPECT_EQ(caps.vendor_id, 0x1022);
  EXPECT_EQ(caps.revision, 0x10);
}

TEST(HpetCapabilities, FrequencyIsRoundedToTheNearestHertz) {
  // The classic 14.31818 MHz HPET: 69841279 fs -> 14318180.0x Hz.
  EXPECT_EQ(HpetFrequencyHz(69'841'279), 14'318'180u);
  // 3 fs would be 333333333333333.33 Hz (rounds down), 6 fs 166666666666666.67 (rounds up).
  EXPECT_EQ(HpetFrequencyHz(3), 333'333'333'333'333u);
  EXPECT_EQ(HpetFrequencyHz(6), 166'666'666'666'667u);
  EXPECT_EQ(HpetFrequencyHz(100'000'000), 10'000'000u);
  EXPECT_EQ(HpetFrequencyHz(0xffff'ffff), 232'831u);
  EXPECT_EQ(HpetFrequencyHz(0), 0u);
}

TEST(HpetCapabilities, PeriodMustBeNonzeroAndAtMost100Nanoseconds) {
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(0, 0x8086, true, 2, 1)), HpetProblem::kZeroPeriod);
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(100'000'000, 0x8086, true, 2, 1)),
            HpetProblem::kNone);
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(100'000'001, 0x8086, true, 2, 1)),
            HpetProblem::kPeriodTooLong);
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(1'000'000, 0x8086, true, 2, 1)), HpetProblem::kNone);
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(999'999, 0x8086, true, 2, 1)),
            HpetProblem::kPeriodTooShort);
}

TEST(HpetCapabilities, RejectsMissingDeviceAndRevisionZero) {
  EXPECT_EQ(CheckHpetCapabilities(~uint64_t{0}), HpetProblem::kNoDevice);
  EXPECT_EQ(CheckHpetCapabilities(0), HpetProblem::kZeroRevision);
  EXPECT_EQ(CheckHpetCapabilities(Capabilities(10'000'000, 0x8086, true, 2, 0)),
            HpetProblem::kZeroRevision);
}

TEST(HpetCapabilities, EveryProblemHasText) {
  EXPECT_TRUE(HpetProblemText(HpetProblem::kNone).empty());
  for (HpetProblem problem :
       {HpetProblem::kNoDevice, HpetProblem::kZeroRevision, HpetProblem::kZeroPeriod,
        HpetProblem::kPeriodTooLong, HpetProblem::kPeriodTooShort}) {
    EXPECT_FALSE(HpetProblemText(problem).empty());
  }
}

}  // namespace
}  // namespace raeen::kernel
