// Splitting large pages (Unmap, Protect), merging tables back (Merge) and the TLB invalidations
// each reports.

#include <gtest/gtest.h>

#include <set>

#include "kernel/mm/page_table.h"
#include "tests/host/kernel/mm/page_table/fake_table_memory.h"
#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

using namespace page_table_test;
using Call = RecordingTlb::Call;

constexpr PageTableOptions kWith1G{.pages_1g = true};

Call PageCall(uint64_t virt) {
  return Call{Call::Kind::kPage, virt, k4K};
}
Call RangeCall(uint64_t virt, uint64_t size) {
  return Call{Call::Kind::kRange, virt, size};
}

// The leaf entry that maps `virt` (which must be mapped), for poking hardware bits.
uint64_t* LeafSlot(TestTables& t, uint64_t virt) {
  uint64_t table = t.tables.root();
  for (int level = kRootLevel;; --level) {
    uint64_t* slot = &t.memory.TableAt(table)[IndexAt(virt, level)];
    if (IsLeaf(*slot, level)) return slot;
    table = TableAddress(*slot);
  }
}

// Every 4 KiB page of the 1 GiB page at kDirect, mapped to phys 1 GiB, after [first, last] was
// unmapped or reprotected: pages inside have `inside` (nullptr: unmapped), pages outside keep
// `outside` through 2 MiB pages, or 4 KiB pages in the two 2 MiB regions the range ends in.
void ExpectSplit1G(const PageTable& tables, uint64_t first, uint64_t last, const Protection* inside,
                   const Protection& outside) {
  for (uint64_t offset = 0; offset < k1G; offset += k4K) {
    uint64_t virt = kDirect + offset;
    Result<Translation> translation = tables.Translate(virt);
    bool in_range = virt >= first && virt <= last;
    if (in_range && inside == nullptr) {
      ASSERT_EQ(translation.status(), Status::kNotFound) << std::hex << virt;
      continue;
    }
    ASSERT_TRUE(translation.ok()) << std::hex << virt;
    ASSERT_EQ(translation->phys, k1G + offset) << std::hex << virt;
    ASSERT_EQ(translation->protection, in_range ? *inside : outside) << std::hex << virt;
    uint64_t region = virt & ~(k2M - 1);
    bool split = region == (first & ~(k2M - 1)) || region == (last & ~(k2M - 1));
    if (!in_range || inside != nullptr) {
      uint64_t expected = split ? k4K : k2M;
      // A 2 MiB region entirely inside a reprotected range keeps its 2 MiB page.
      ASSERT_EQ(translation->page_size, expected) << std::hex << virt;
    }
  }
}

TEST(PageTableSplit, UnmapInsideA2MiBPageSplitsIt) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0x40000000, k2M, kData).ok());
  ExpectMapped(t.tables, kDirect, 0x40000000, k2M, kData, k2M);
  size_t tables = t.tables.table_pages();
  ASSERT_TRUE(t.tables.Unmap(kDirect + 5 * k4K, 3 * k4K).ok());
  ExpectMapped(t.tables, kDirect, 0x40000000, 5 * k4K, kData, k4K);
  ExpectUnmapped(t.tables, kDirect + 5 * k4K, 3 * k4K);
  ExpectMapped(t.tables, kDirect + 8 * k4K, 0x40000000 + 8 * k4K, k2M - 8 * k4K, kData, k4K);
  EXPECT_EQ(t.tables.table_pages(), tables + 1);
  EXPECT_EQ(t.memory.live(), tables + 1);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(kDirect + 5 * k4K, 3 * k4K)});
}

TEST(PageTableSplit, UnmapAcrossA1GiBPageSplitsItAtBothEnds) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  ExpectMapped(t.tables, kDirect, k1G, k1G, kData, k1G);
  size_t tables = t.tables.table_pages();
  uint64_t first = kDirect + 3 * k2M + 5 * k4K;
  uint64_t end = kDirect + 400 * k2M + 7 * k4K;
  ASSERT_TRUE(t.tables.Unmap(first, end - first).ok());
  ExpectSplit1G(t.tables, first, end - 1, nullptr, kData);
  EXPECT_EQ(t.tables.table_pages(), tables + 3);  // a PD and two PTs
  EXPECT_EQ(t.memory.live(), tables + 3);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(first, end - first)});
}

TEST(PageTableSplit, UnmapInsideOne2MiBOfA1GiBPage) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  uint64_t virt = kDirect + 77 * k2M + 9 * k4K;
  ASSERT_TRUE(t.tables.Unmap(virt, k4K).ok());
  ExpectSplit1G(t.tables, virt, virt + k4K - 1, nullptr, kData);
  EXPECT_EQ(t.tables.table_pages(), 2u + 2);  // PML4, PDPT + the new PD and PT
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{PageCall(virt)});
}

TEST(PageTableSplit, UnmapOfWhole2MiBPagesInsideA1GiBPageSplitsOnlyOnce) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  ASSERT_TRUE(t.tables.Unmap(kDirect + 2 * k2M, 3 * k2M).ok());
  EXPECT_EQ(t.tables.table_pages(), 3u);  // PML4, PDPT, PD: no page table
  ExpectMapped(t.tables, kDirect, k1G, 2 * k2M, kData, k2M);
  ExpectUnmapped(t.tables, kDirect + 2 * k2M, 3 * k2M);
  ExpectMapped(t.tables, kDirect + 5 * k2M, k1G + 5 * k2M, k2M, kData, k2M);
}

TEST(PageTableSplit, ProtectPartOfA2MiBPageSplitsIt) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0x40000000, k2M, kData).ok());
  ASSERT_TRUE(t.tables.Protect(kDirect + 100 * k4K, 12 * k4K, kRodata).ok());
  ExpectMapped(t.tables, kDirect, 0x40000000, 100 * k4K, kData, k4K);
  ExpectMapped(t.tables, kDirect + 100 * k4K, 0x40000000 + 100 * k4K, 12 * k4K, kRodata, k4K);
  ExpectMapped(t.tables, kDirect + 112 * k4K, 0x40000000 + 112 * k4K, k2M - 112 * k4K, kData, k4K);
  EXPECT_EQ(t.tables.table_pages(), 4u);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(kDirect + 100 * k4K, 12 * k4K)});
}

TEST(PageTableSplit, ProtectAcrossA1GiBPageSplitsItAtBothEnds) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  uint64_t first = kDirect + 10 * k2M + 3 * k4K;
  uint64_t end = kDirect + 20 * k2M + 500 * k4K;
  Protection uncached{.writable = true, .global = true, .cache = CacheMode::kUncached};
  ASSERT_TRUE(t.tables.Protect(first, end - first, uncached).ok());
  ExpectSplit1G(t.tables, first, end - 1, &uncached, kData);
  EXPECT_EQ(t.tables.table_pages(), 2u + 3);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(first, end - first)});
}

TEST(PageTableSplit, ProtectOfAWholeLargePageRewritesItInPlace) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  ASSERT_TRUE(t.tables.Protect(kDirect, k1G, kRodata).ok());
  ExpectMapped(t.tables, kDirect, k1G, 8 * k4K, kRodata, k1G);
  EXPECT_EQ(t.tables.table_pages(), 2u);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(kDirect, k1G)});
}

TEST(PageTableSplit, ProtectWithTheSameProtectionChangesNothing) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, k1G, k1G, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel, 0x5000, 3 * k4K, kRodata).ok());
  auto before = t.memory.Snapshot();
  ASSERT_TRUE(t.tables.Protect(kDirect + 5 * k4K, 7 * k4K, kData).ok());
  ASSERT_TRUE(t.tables.Protect(kKernel, 3 * k4K, kRodata).ok());
  EXPECT_EQ(t.memory.Snapshot(), before);
  EXPECT_TRUE(t.tlb.calls().empty());
  // Only the pages whose protection differs are rewritten and reported.
  ASSERT_TRUE(t.tables.Protect(kKernel + k4K, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Protect(kKernel, 3 * k4K, kData).ok());
  EXPECT_EQ(t.tlb.calls(), (std::vector<Call>{PageCall(kKernel + k4K), PageCall(kKernel),
                                              PageCall(kKernel + 2 * k4K)}));
}

TEST(PageTableSplit, ProtectRefusesRangesWithHoles) {
  TestTables t;
  uint64_t base = kDirect + k2M;
  ASSERT_TRUE(t.tables.Map(base, 0, k2M, kData).ok());
  ASSERT_TRUE(t.tables.Map(base + k2M + k4K, k2M + k4K, k4K, kData).ok());
  auto before = t.memory.Snapshot();
  EXPECT_EQ(t.tables.Protect(base + k4K, k2M + k4K, kRodata).status(), Status::kNotFound);
  EXPECT_EQ(t.tables.Protect(base - k4K, 2 * k4K, kRodata).status(), Status::kNotFound);
  EXPECT_EQ(t.tables.Protect(kKernel, k4K, kRodata).status(), Status::kNotFound);
  EXPECT_EQ(t.memory.Snapshot(), before);
  EXPECT_TRUE(t.tlb.calls().empty());
}

TEST(PageTableSplit, ProtectKeepsAccessedAndDirtyBits) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0x5000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k2M, kData).ok());
  // The CPU marks both pages accessed and dirty.
  *LeafSlot(t, kKernel) |= pte::kAccessed | pte::kDirty;
  *LeafSlot(t, kDirect) |= pte::kAccessed | pte::kDirty;
  ASSERT_TRUE(t.tables.Protect(kKernel, k4K, kRodata).ok());
  EXPECT_EQ(*LeafSlot(t, kKernel), EncodeLeaf(0x5000, 1, kRodata) | pte::kAccessed | pte::kDirty);
  // Splitting hands the bits to every small page; the reprotected one keeps them too.
  ASSERT_TRUE(t.tables.Protect(kDirect + k4K, k4K, kRodata).ok());
  EXPECT_EQ(*LeafSlot(t, kDirect), EncodeLeaf(0, 1, kData) | pte::kAccessed | pte::kDirty);
  EXPECT_EQ(*LeafSlot(t, kDirect + k4K),
            EncodeLeaf(k4K, 1, kRodata) | pte::kAccessed | pte::kDirty);
  // Protection comparisons ignore them: protecting again to the same changes nothing.
  t.tlb.Clear();
  ASSERT_TRUE(t.tables.Protect(kDirect + k4K, k4K, kRodata).ok());
  EXPECT_TRUE(t.tlb.calls().empty());
}

TEST(PageTableSplit, UnmapFreesTablesThatBecomeEmptyAfterInvalidating) {
  TestTables t;
  std::vector<std::string> events;
  t.memory.set_events(&events);
  t.tlb.set_events(&events);
  ASSERT_TRUE(t.tables.Map(kKernel, 0x5000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + k2M, 0x6000, k4K, kData).ok());
  EXPECT_EQ(t.tables.table_pages(), 5u);
  ASSERT_TRUE(t.tables.Unmap(kKernel, k4K).ok());
  EXPECT_EQ(t.tables.table_pages(), 4u);  // its page table; the PD still holds the other
  ASSERT_TRUE(t.tables.Unmap(kKernel, 2 * k2M).ok());
  EXPECT_EQ(t.tables.table_pages(), 1u);
  EXPECT_EQ(t.memory.live(), 1u);
  EXPECT_EQ(events,
            (std::vector<std::string>{"invalidate", "free", "invalidate", "free", "free", "free"}));
}

TEST(PageTableSplit, UnmapReportsOnlyTheMappedPages) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0x10000, 2 * k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + 5 * k4K, 0x20000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + 9 * k4K, 0x30000, 3 * k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + k2M, 0, k2M, kData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + 2 * k2M, 0x40000, k4K, kData).ok());
  EXPECT_TRUE(t.tlb.calls().empty());  // mapping never invalidates
  ASSERT_TRUE(t.tables.Unmap(kKernel, k1G).ok());
  EXPECT_EQ(t.tlb.calls(),
            (std::vector<Call>{RangeCall(kKernel, 2 * k4K), PageCall(kKernel + 5 * k4K),
                               RangeCall(kKernel + 9 * k4K, 3 * k4K),
                               RangeCall(kKernel + k2M, k2M + k4K)}));
  EXPECT_EQ(t.tables.table_pages(), 1u);
  // Unmapping nothing is fine and reports nothing.
  t.tlb.Clear();
  ASSERT_TRUE(t.tables.Unmap(kKernel, k1G).ok());
  EXPECT_TRUE(t.tlb.calls().empty());
}

TEST(PageTableSplit, ManySeparateRangesBecomeOneFullInvalidation) {
  TestTables t;
  for (uint64_t i = 0; i < 40; ++i) {
    ASSERT_TRUE(t.tables.Map(kKernel + 2 * i * k4K, i * k4K, k4K, kData).ok());
  }
  ASSERT_TRUE(t.tables.Unmap(kKernel, 80 * k4K).ok());
  EXPECT_EQ(t.tlb.calls(), (std::vector<Call>{Call{Call::Kind::kAll, 0, 0}}));
  EXPECT_EQ(t.tables.table_pages(), 1u);
}

TEST(PageTableSplit, MergeRebuildsA2MiBPage) {
  TestTables t;
  std::vector<std::string> events;
  // 512 separate 4 KiB mappings, physically contiguous from a 2 MiB boundary.
  for (uint64_t i = 0; i < 512; ++i) {
    ASSERT_TRUE(t.tables.Map(kDirect + i * k4K, 0x40000000 + i * k4K, k4K, kData).ok());
  }
  ExpectMapped(t.tables, kDirect, 0x40000000, k2M, kData, k4K);
  EXPECT_EQ(t.tables.table_pages(), 4u);
  t.memory.set_events(&events);
  t.tlb.set_events(&events);
  Result<size_t> merged = t.tables.Merge(kDirect, k2M);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged, 1u);
  ExpectMapped(t.tables, kDirect, 0x40000000, k2M, kData, k2M);
  EXPECT_EQ(t.tables.table_pages(), 3u);
  EXPECT_EQ(t.memory.live(), 3u);
  EXPECT_EQ(t.tlb.calls(), std::vector<Call>{RangeCall(kDirect, k2M)});
  EXPECT_EQ(events, (std::vector<std::string>{"invalidate", "free"}));
}

TEST(PageTableSplit, MergeBuildsA1GiBPageBottomUp) {
  TestTables t(kWith1G);
  // 4 KiB pages only: each 2 MiB region in two pieces that are not 2 MiB aligned.
  for (uint64_t region = 0; region < k1G; region += k2M) {
    ASSERT_TRUE(t.tables.Map(kDirect + region, k1G + region, k4K, kRodata).ok());
    ASSERT_TRUE(t.tables.Map(kDirect + region + k4K, k1G + region + k4K, k2M - k4K, kRodata).ok());
  }
  EXPECT_EQ(t.tables.table_pages(), 3u + 512);
  Result<size_t> merged = t.tables.Merge(kDirect, k1G);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged, 513u);
  EXPECT_EQ(t.tables.table_pages(), 2u);
  EXPECT_EQ(t.memory.live(), 2u);
  ExpectMapped(t.tables, kDirect, k1G, 16 * k4K, kRodata, k1G);
  // The invalidations cover exactly the merged 1 GiB page (in several batches: the merge frees
  // more tables than one batch holds).
  EXPECT_FALSE(t.tlb.invalidated_all());
  std::multiset<uint64_t> pages = t.tlb.Pages();
  EXPECT_EQ(*pages.begin(), kDirect);
  EXPECT_EQ(*pages.rbegin(), kDirect + k1G - k4K);
  EXPECT_EQ(std::set<uint64_t>(pages.begin(), pages.end()).size(), k1G / k4K);
}

TEST(PageTableSplit, MergeWithout1GiBPagesStopsAt2MiB) {
  TestTables t;
  for (uint64_t region = 0; region < k1G; region += k2M) {
    ASSERT_TRUE(t.tables.Map(kDirect + region, k1G + region, k4K, kRodata).ok());
    ASSERT_TRUE(t.tables.Map(kDirect + region + k4K, k1G + region + k4K, k2M - k4K, kRodata).ok());
  }
  Result<size_t> merged = t.tables.Merge(kDirect, k1G);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged, 512u);
  EXPECT_EQ(t.tables.table_pages(), 3u);
  ExpectMapped(t.tables, kDirect + k1G - k2M, 2 * k1G - k2M, k2M, kRodata, k2M);
}

TEST(PageTableSplit, MergeLeavesNonUniformTablesAlone) {
  struct Case {
    const char* name;
    void (*prepare)(PageTable& tables);
    uint64_t merge_virt;
    uint64_t merge_size;
  };
  static const Case kCases[] = {
      {"one page with another protection",
       [](PageTable& tables) {
         ASSERT_TRUE(tables.Map(kDirect, 0x40001000, k4K, kData).ok());
         ASSERT_TRUE(tables.Map(kDirect + k4K, 0x40001000 + k4K, k2M - k4K, kData).ok());
         ASSERT_TRUE(tables.Protect(kDirect + 300 * k4K, k4K, kRodata).ok());
       },
       kDirect, k2M},
      {"physically not 2 MiB aligned",
       [](PageTable& tables) { ASSERT_TRUE(tables.Map(kDirect, 0x40001000, k2M, kData).ok()); },
       kDirect, k2M},
      {"physically not contiguous",
       [](PageTable& tables) {
         ASSERT_TRUE(tables.Map(kDirect, 0x40000000, k4K, kData).ok());
         // Page 1 maps the same physical page as page 2.
         ASSERT_TRUE(tables.Map(kDirect + k4K, 0x40000000 + 2 * k4K, k4K, kData).ok());
         ASSERT_TRUE(
             tables.Map(kDirect + 2 * k4K, 0x40000000 + 2 * k4K, k2M - 2 * k4K, kData).ok());
       },
       kDirect, k2M},
      {"one page missing",
       [](PageTable& tables) {
         ASSERT_TRUE(tables.Map(kDirect, 0x40000000, k4K, kData).ok());
         ASSERT_TRUE(
             tables.Map(kDirect + 2 * k4K, 0x40000000 + 2 * k4K, k2M - 2 * k4K, kData).ok());
       },
       kDirect, k2M},
      {"range not covering the whole table",
       [](PageTable& tables) {
         ASSERT_TRUE(tables.Map(kDirect, 0x40000000, k4K, kData).ok());
         ASSERT_TRUE(tables.Map(kDirect + k4K, 0x40000000 + k4K, k2M - k4K, kData).ok());
       },
       kDirect + k4K, k2M},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    TestTables t;
    c.prepare(t.tables);
    if (testing::Test::HasFatalFailure()) return;
    auto before = t.memory.Snapshot();
    t.tlb.Clear();
    Result<size_t> merged = t.tables.Merge(c.merge_virt, c.merge_size);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(*merged, 0u);
    EXPECT_EQ(t.memory.Snapshot(), before);
    EXPECT_TRUE(t.tlb.calls().empty());
  }
}

TEST(PageTableSplit, SplitThenMergeRestoresTheTablesBitForBit) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect + k2M, 0x40000000, k2M, kData).ok());
  auto original = t.memory.Snapshot();
  ASSERT_TRUE(t.tables.Protect(kDirect + k2M + 7 * k4K, k4K, kRodata).ok());
  EXPECT_NE(t.memory.Snapshot(), original);
  ASSERT_TRUE(t.tables.Protect(kDirect + k2M + 7 * k4K, k4K, kData).ok());
  EXPECT_EQ(t.tables.Translate(kDirect + k2M)->page_size, k4K);  // no merge by itself
  Result<size_t> merged = t.tables.Merge(kDirect, 4 * k2M);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged, 1u);
  EXPECT_EQ(t.memory.Snapshot(), original);
}

TEST(PageTableSplit, MergeKeepsAccessedAndDirtyBits) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0x40000000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kDirect + k4K, 0x40000000 + k4K, k2M - k4K, kData).ok());
  *LeafSlot(t, kDirect + 17 * k4K) |= pte::kAccessed;
  *LeafSlot(t, kDirect + 300 * k4K) |= pte::kAccessed | pte::kDirty;
  ASSERT_TRUE(t.tables.Merge(kDirect, k2M).ok());
  EXPECT_EQ(*LeafSlot(t, kDirect), EncodeLeaf(0x40000000, 2, kData) | pte::kAccessed | pte::kDirty);
}

}  // namespace
}  // namespace raeen::kernel
