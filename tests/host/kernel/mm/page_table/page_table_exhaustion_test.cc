// Running out of table pages at every point of a Map, Unmap or Protect leaves the tables
// bit-for-bit as they were, reports nothing to the TLB and leaks no page.

#include <gtest/gtest.h>

#include <functional>

#include "kernel/mm/page_table.h"
#include "tests/host/kernel/mm/page_table/fake_table_memory.h"
#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

using namespace page_table_test;

constexpr PageTableOptions kWith1G{.pages_1g = true};

// Runs `operation` with the allocator failing after 0, 1, 2, ... allocations until it
// succeeds. Every failure must be kNoMemory and change nothing. Returns the number of
// allocations the successful call needed.
size_t FailAtEveryAllocation(TestTables& t, const std::function<Result<void>()>& operation) {
  for (size_t budget = 0;; ++budget) {
    auto before = t.memory.Snapshot();
    size_t live = t.memory.live();
    size_t table_pages = t.tables.table_pages();
    t.tlb.Clear();
    t.memory.FailAfter(budget);
    Result<void> result = operation();
    t.memory.NeverFail();
    if (result.ok()) return budget;
    EXPECT_EQ(result.status(), Status::kNoMemory) << "budget " << budget;
    EXPECT_EQ(t.memory.Snapshot(), before) << "budget " << budget;
    EXPECT_EQ(t.memory.live(), live) << "budget " << budget;
    EXPECT_EQ(t.tables.table_pages(), table_pages) << "budget " << budget;
    EXPECT_TRUE(t.tlb.calls().empty()) << "budget " << budget;
    if (testing::Test::HasFailure() || budget > 64) {
      ADD_FAILURE() << "giving up at budget " << budget;
      return budget;
    }
  }
}

TEST(PageTableExhaustion, MapAcrossTopLevelEntries) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0x5000, k4K, kData).ok());
  // 4 KiB + 2 MiB at the end of one PML4 entry, 2 MiB + 4 KiB at the start of the next: two
  // PDPTs, two PDs and two page tables.
  uint64_t boundary = kDirect + 512 * k1G;
  uint64_t virt = boundary - k2M - k4K;
  uint64_t size = k4K + 2 * k2M + k4K;
  size_t needed = FailAtEveryAllocation(
      t, [&] { return t.tables.Map(virt, boundary - k2M - k4K - kDirect, size, kData); });
  EXPECT_EQ(needed, 6u);
  ExpectMapped(t.tables, virt, virt - kDirect, size, kData);
  ExpectMapped(t.tables, kKernel, 0x5000, k4K, kData);
  EXPECT_EQ(t.tables.table_pages(), 4u + 6);
  EXPECT_EQ(t.memory.live(), 4u + 6);
}

TEST(PageTableExhaustion, MapOfThreeGiBWith2MiBPages) {
  TestTables t;
  size_t needed =
      FailAtEveryAllocation(t, [&] { return t.tables.Map(kDirect, 0, 3 * k1G, kData); });
  EXPECT_EQ(needed, 4u);  // a PDPT and three PDs
  for (uint64_t offset = 0; offset < 3 * k1G; offset += k2M) {
    Result<Translation> translation = t.tables.Translate(kDirect + offset + 8);
    ASSERT_TRUE(translation.ok());
    ASSERT_EQ(translation->phys, offset + 8);
  }
}

TEST(PageTableExhaustion, MapIntoExistingTablesNeedsOnlyTheMissingOnes) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0x5000, k4K, kData).ok());
  size_t needed =
      FailAtEveryAllocation(t, [&] { return t.tables.Map(kKernel + k4K, 0x6000, k2M, kData); });
  EXPECT_EQ(needed, 1u);  // the page table for the second 2 MiB region
  ExpectMapped(t.tables, kKernel + k4K, 0x6000, k2M, kData, k4K);
}

TEST(PageTableExhaustion, UnmapSplittingA1GiBPageAtBothEnds) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  uint64_t first = kDirect + 3 * k2M + 5 * k4K;
  uint64_t end = kDirect + 400 * k2M + 7 * k4K;
  size_t needed = FailAtEveryAllocation(t, [&] { return t.tables.Unmap(first, end - first); });
  EXPECT_EQ(needed, 3u);
  ExpectUnmapped(t.tables, first, 8 * k4K);
  ExpectMapped(t.tables, kDirect, k1G, 3 * k2M + 5 * k4K, kData);
}

TEST(PageTableExhaustion, UnmapSplittingA2MiBPage) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k2M, kData).ok());
  size_t needed = FailAtEveryAllocation(t, [&] { return t.tables.Unmap(kDirect + k4K, k4K); });
  EXPECT_EQ(needed, 1u);
  ExpectUnmapped(t.tables, kDirect + k4K, k4K);
}

TEST(PageTableExhaustion, ProtectSplittingA1GiBPageAtBothEnds) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  uint64_t first = kDirect + 10 * k2M + 3 * k4K;
  uint64_t end = kDirect + 20 * k2M + 500 * k4K;
  size_t needed =
      FailAtEveryAllocation(t, [&] { return t.tables.Protect(first, end - first, kRodata); });
  EXPECT_EQ(needed, 3u);
  ExpectMapped(t.tables, first, k1G + (first - kDirect), end - first, kRodata);
}

TEST(PageTableExhaustion, ProtectSplittingBothEndsOfOne2MiBPage) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  // Both ends inside the same 2 MiB region of the 1 GiB page: one PD, one page table.
  size_t needed = FailAtEveryAllocation(
      t, [&] { return t.tables.Protect(kDirect + 5 * k2M + k4K, 3 * k4K, kRodata); });
  EXPECT_EQ(needed, 2u);
}

TEST(PageTableExhaustion, OperationsThatNeedNoTablesNeverAllocate) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0, 4 * k2M, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel, 0x1000, 3 * k4K, kData).ok());
  t.memory.FailAfter(0);
  EXPECT_TRUE(t.tables.Map(kKernel + 3 * k4K, 0x9000, k4K, kRodata).ok());
  EXPECT_TRUE(t.tables.Protect(kDirect, 2 * k2M, kRodata).ok());
  EXPECT_TRUE(t.tables.Protect(kKernel, 3 * k4K, kRodata).ok());
  EXPECT_TRUE(t.tables.Unmap(kDirect + 2 * k2M, 2 * k2M).ok());
  EXPECT_TRUE(t.tables.Unmap(kKernel + k4K, k4K).ok());
  EXPECT_TRUE(t.tables.Merge(kDirect, k1G).ok());
  t.memory.NeverFail();
}

}  // namespace
}  // namespace raeen::kernel
