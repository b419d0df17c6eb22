#include "kernel/mm/page_flags.h"

#include <gtest/gtest.h>

#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

TEST(PageFlags, PageSizesAndIndices) {
  EXPECT_EQ(PageSizeAt(1), kPageSize4K);
  EXPECT_EQ(PageSizeAt(2), kPageSize2M);
  EXPECT_EQ(PageSizeAt(3), kPageSize1G);
  EXPECT_EQ(PageSizeAt(4), 512 * kPageSize1G);
  // 0xffffffff80201000: PML4 511, PDPT 510, PD 1, PT 1.
  uint64_t virt = 0xffffffff80201000;
  EXPECT_EQ(IndexAt(virt, 4), 511u);
  EXPECT_EQ(IndexAt(virt, 3), 510u);
  EXPECT_EQ(IndexAt(virt, 2), 1u);
  EXPECT_EQ(IndexAt(virt, 1), 1u);
  EXPECT_EQ(IndexAt(kUpperHalfStart, 4), 256u);
  EXPECT_EQ(IndexAt(kLowerHalfEnd - 1, 4), 255u);
}

TEST(PageFlags, CanonicalHalves) {
  EXPECT_TRUE(IsCanonical(0));
  EXPECT_TRUE(IsCanonical(0x00007fffffffffff));
  EXPECT_FALSE(IsCanonical(0x0000800000000000));
  EXPECT_FALSE(IsCanonical(0xffff7fffffffffff));
  EXPECT_TRUE(IsCanonical(0xffff800000000000));
  EXPECT_TRUE(IsCanonical(~0ull));
  EXPECT_TRUE(IsLowerHalf(0x00007fffffffffff));
  EXPECT_FALSE(IsLowerHalf(0xffff800000000000));
}

TEST(PageFlags, LeafBitsForEachLevel) {
  constexpr uint64_t phys = 0x40000000;
  // Kernel data, 4 KiB: P | RW | G | NX, no PS.
  EXPECT_EQ(EncodeLeaf(phys, 1, Protection{.writable = true, .global = true}),
            phys | pte::kPresent | pte::kWritable | pte::kGlobal | pte::kNoExecute);
  // Kernel text, 2 MiB: P | G | PS, executable so no NX.
  EXPECT_EQ(EncodeLeaf(phys, 2, Protection{.executable = true, .global = true}),
            phys | pte::kPresent | pte::kGlobal | pte::kLargePage);
  // User read-only, 1 GiB: P | U | PS | NX.
  EXPECT_EQ(EncodeLeaf(phys, 3, Protection{.user = true}),
            phys | pte::kPresent | pte::kUser | pte::kLargePage | pte::kNoExecute);
}

TEST(PageFlags, CacheModesUseTheProgrammedPatIndices) {
  // WB = index 0, WC = index 1 (PWT), UC = index 3 (PCD | PWT); the PAT bit stays clear.
  constexpr Protection wc{.writable = true, .global = true, .cache = CacheMode::kWriteCombining};
  constexpr Protection uc{.writable = true, .global = true, .cache = CacheMode::kUncached};
  uint64_t base = pte::kPresent | pte::kWritable | pte::kGlobal | pte::kNoExecute;
  EXPECT_EQ(EncodeLeaf(0x1000, 1, wc), 0x1000 | base | pte::kWriteThrough);
  EXPECT_EQ(EncodeLeaf(0x1000, 1, uc), 0x1000 | base | pte::kWriteThrough | pte::kCacheDisable);
  EXPECT_EQ(EncodeLeaf(0x200000, 2, uc),
            0x200000 | base | pte::kLargePage | pte::kWriteThrough | pte::kCacheDisable);
  // The IA32_PAT value: PA0 WB, PA1 WC, PA2 UC-, PA3 UC, repeated for PA4-7.
  for (int half = 0; half < 2; ++half) {
    uint64_t shift = 32 * half;
    EXPECT_EQ((kPatMsrValue >> (shift + 8 * PatIndex(CacheMode::kWriteBack))) & 0xff, 0x06u);
    EXPECT_EQ((kPatMsrValue >> (shift + 8 * PatIndex(CacheMode::kWriteCombining))) & 0xff, 0x01u);
    EXPECT_EQ((kPatMsrValue >> (shift + 8 * PatIndex(CacheMode::kUncached))) & 0xff, 0x00u);
  }
  // Index 2 (UC-) is never written; reading it back says uncached, as does the PAT bit set.
  EXPECT_EQ(CacheModeOfPatIndex(2), CacheMode::kUncached);
  EXPECT_EQ(CacheModeOfPatIndex(5), CacheMode::kWriteCombining);
  EXPECT_EQ(DecodeLeaf(pte::kPresent | pte::kPat4K | pte::kWriteThrough, 1).cache,
            CacheMode::kWriteCombining);
  EXPECT_EQ(DecodeLeaf(pte::kPresent | pte::kLargePage | pte::kPatLarge, 2).cache,
            CacheMode::kWriteBack);
}

TEST(PageFlags, DecodeInvertsEncodeForEveryProtection) {
  for (int bits = 0; bits < 16; ++bits) {
    for (CacheMode cache :
         {CacheMode::kWriteBack, CacheMode::kWriteCombining, CacheMode::kUncached}) {
      Protection p{.writable = (bits & 1) != 0,
                   .executable = (bits & 2) != 0,
                   .user = (bits & 4) != 0,
                   .global = (bits & 8) != 0,
                   .cache = cache};
      for (int level = 1; level <= 3; ++level) {
        uint64_t phys = PageSizeAt(level) * 7;
        uint64_t entry = EncodeLeaf(phys, level, p);
        EXPECT_TRUE(IsLeaf(entry, level));
        EXPECT_EQ(LeafAddress(entry, level), phys);
        EXPECT_EQ(DecodeLeaf(entry, level), p) << "level " << level;
        // Hardware-set bits change nothing.
        EXPECT_EQ(DecodeLeaf(entry | pte::kAccessed | pte::kDirty, level), p);
      }
    }
  }
}

TEST(PageFlags, TableEntriesAllowEverythingTheirHalfMayHold) {
  EXPECT_EQ(EncodeTable(0x5000, /*lower_half=*/true),
            0x5000 | pte::kPresent | pte::kWritable | pte::kUser);
  EXPECT_EQ(EncodeTable(0x5000, /*lower_half=*/false), 0x5000 | pte::kPresent | pte::kWritable);
  EXPECT_FALSE(IsLeaf(EncodeTable(0x5000, false), 2));
  EXPECT_FALSE(IsLeaf(EncodeTable(0x5000, false), 4));
  EXPECT_EQ(TableAddress(EncodeTable(0x000ffffffffff000, true)), 0x000ffffffffff000u);
  // PS is reserved in a PML4 entry: never a leaf.
  EXPECT_FALSE(IsLeaf(pte::kPresent | pte::kLargePage, 4));
}

}  // namespace
}  // namespace raeen::kernel
