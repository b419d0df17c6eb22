#include "kernel/mm/kernel_layout.h"

#include <gtest/gtest.h>

#include <set>

#include "kernel/boot/seeded_random.h"

namespace raeen::kernel {
namespace {

SeededRandom FromWord(uint64_t word) {
  uint8_t seed[boot::kRandomSeedBytes] = {};
  __builtin_memcpy(seed, &word, sizeof(word));
  return SeededRandom(seed);
}

TEST(SeededRandom, ZeroSeedIsReportedAndStillProducesWords) {
  uint8_t zero[boot::kRandomSeedBytes] = {};
  SeededRandom random(zero);
  EXPECT_FALSE(random.seeded());
  uint64_t a = *random.Next64();
  uint64_t b = *random.Next64();
  EXPECT_NE(a, b);
  EXPECT_TRUE(FromWord(1).seeded());
}

TEST(SeededRandom, SameSeedSameSequenceDifferentSeedDifferentSequence) {
  SeededRandom a = FromWord(0x1234);
  SeededRandom b = FromWord(0x1234);
  SeededRandom c = FromWord(0x1235);
  int differences = 0;
  for (int i = 0; i < 16; ++i) {
    uint64_t va = *a.Next64();
    EXPECT_EQ(va, *b.Next64());
    differences += va != *c.Next64();
  }
  EXPECT_GE(differences, 15);
}

TEST(KernelLayout, SlotCountGivesAlmostFifteenBits) {
  // (31.5 TiB - 64 GiB) / 1 GiB + 1 = 32193, log2 = 14.97
  EXPECT_EQ(KernelAreaSlotCount(), 32193u);
}

TEST(KernelLayout, AreasAreAlignedInsideTheirRegionAndNeverOverlap) {
  std::set<uint64_t> stack_bases;
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    SeededRandom random = FromWord(seed * 0x9e3779b97f4a7c15);
    Result<KernelLayout> layout = ChooseKernelLayout(random);
    ASSERT_TRUE(layout.ok());
    for (uint64_t base : {layout->stack_area_base, layout->mmio_window_base}) {
      EXPECT_EQ(base % kKernelAreaAlignment, 0u);
      EXPECT_GE(base, kKernelAreasBase);
      EXPECT_LE(base + kKernelAreaSize, kKernelAreasEnd);
    }
    bool overlap = layout->stack_area_base < layout->mmio_window_base + kKernelAreaSize &&
                   layout->mmio_window_base < layout->stack_area_base + kKernelAreaSize;
    EXPECT_FALSE(overlap) << seed;
    stack_bases.insert(layout->stack_area_base);
  }
  // 2000 draws from 32193 slots: collisions are few (birthday bound ~62 expected).
  EXPECT_GT(stack_bases.size(), 1850u);
}

// A source that always produces the same word: every redraw overlaps.
class StuckSource final : public boot::RandomSource {
 public:
  Result<uint64_t> Next64() override { return 0x8000000000000000; }
};

TEST(KernelLayout, ASourceThatKeepsOverlappingIsAnError) {
  StuckSource stuck;
  EXPECT_EQ(ChooseKernelLayout(stuck).status(), Status::kTimedOut);
}

}  // namespace
}  // namespace raeen::kernel
