#include "kernel/mm/page_table.h"

#include <gtest/gtest.h>

#include "tests/host/kernel/mm/page_table/fake_table_memory.h"
#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

using namespace page_table_test;

constexpr PageTableOptions kWith1G{.pages_1g = true};

TEST(PageTable, CreateAllocatesOnlyTheRoot) {
  TestTables t;
  EXPECT_EQ(t.tables.table_pages(), 1u);
  EXPECT_EQ(t.memory.live(), 1u);
  EXPECT_EQ(t.tables.root(), FakeTableMemory::kBase);
  EXPECT_EQ(t.tables.Translate(kKernel).status(), Status::kNotFound);
}

TEST(PageTable, CreateFailsWithoutMemoryOrWithBadOptions) {
  FakeTableMemory memory(0);
  RecordingTlb tlb;
  EXPECT_EQ(PageTable::Create(memory, memory, tlb).status(), Status::kNoMemory);
  FakeTableMemory some(4);
  EXPECT_EQ(PageTable::Create(some, some, tlb, {.physical_address_bits = 53}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(PageTable::Create(some, some, tlb, {.physical_address_bits = 31}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(some.live(), 0u);
}

TEST(PageTable, RefusesWritableAndExecutable) {
  TestTables t(kWith1G);
  Protection wx{.writable = true, .executable = true, .global = true};
  Protection user_wx{.writable = true, .executable = true, .user = true};
  EXPECT_EQ(t.tables.Map(kKernel, 0x100000, k4K, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Map(kKernel, 0x200000, k2M, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Map(kDirect, 0, k1G, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Map(kUserBase, 0x100000, k4K, user_wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(
      t.tables.MapIdentity(0x8000, k4K, Protection{.writable = true, .executable = true}).status(),
      Status::kInvalidArgument);
  // Nor can an existing mapping be made W+X.
  ASSERT_TRUE(t.tables.Map(kKernel, 0x100000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x100000, k4K, kUserText).ok());
  EXPECT_EQ(t.tables.Protect(kKernel, k4K, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Protect(kUserBase, k4K, user_wx).status(), Status::kInvalidArgument);
  ExpectMapped(t.tables, kKernel, 0x100000, k4K, kData);
  ExpectMapped(t.tables, kUserBase, 0x100000, k4K, kUserText);
  EXPECT_TRUE(t.tlb.calls().empty());
}

TEST(PageTable, RefusedCallsAllocateNothing) {
  TestTables t;
  Protection wx{.writable = true, .executable = true, .global = true};
  EXPECT_EQ(t.tables.Map(kKernel, 0x100000, k2M, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.memory.allocations(), 1u);  // only the PML4
  EXPECT_EQ(t.tables.table_pages(), 1u);
}

TEST(PageTable, RefusesBadAddressesAndSizes) {
  TestTables t;
  PageTable& tables = t.tables;
  EXPECT_EQ(tables.Map(kKernel + 1, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(kKernel, 0x800, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(kKernel, 0, 100, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(kKernel, 0, 0, kData).status(), Status::kInvalidArgument);
  // Non-canonical, and ranges that run into or across the non-canonical hole.
  EXPECT_EQ(tables.Map(0xffff000000000000, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(0xffff7ffffffff000, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(0x0000800000000000, 0, k4K, kUserData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(0x00007ffffffff000, 0, 2 * k4K, kUserData).status(),
            Status::kInvalidArgument);
  // Wrapping past the top of the address space.
  EXPECT_EQ(tables.Map(0xfffffffffffff000, 0, 2 * k4K, kData).status(), Status::kInvalidArgument);
  // Physical addresses beyond 52 bits.
  EXPECT_EQ(tables.Map(kKernel, (1ull << 52) - k4K, 2 * k4K, kData).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(tables.Map(kKernel, ~0ull & ~(k4K - 1), k4K, kData).status(), Status::kInvalidArgument);
  // Unmap, Protect and Merge check ranges the same way.
  EXPECT_EQ(tables.Unmap(kKernel + 1, k4K).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Unmap(kKernel, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Unmap(0x00007ffffffff000, 2 * k4K).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Protect(kKernel, k4K + 1, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Protect(0xffff000000000000, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Merge(0xfffffffffffff000, 2 * k4K).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Merge(kKernel, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables.Translate(0x0000800000000000).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.memory.allocations(), 1u);
}

TEST(PageTable, HonoursASmallerMaxPhysicalAddress) {
  FakeTableMemory memory;
  RecordingTlb tlb;
  PageTable tables = PageTable::Create(memory, memory, tlb, {.physical_address_bits = 36}).value();
  EXPECT_TRUE(tables.Map(kKernel, (1ull << 36) - k4K, k4K, kData).ok());
  EXPECT_EQ(tables.Map(kKernel + k4K, 1ull << 36, k4K, kData).status(), Status::kInvalidArgument);
}

TEST(PageTable, UserMappingsOnlyInTheLowerHalfKernelOnlyInTheUpper) {
  TestTables t;
  EXPECT_EQ(t.tables.Map(kKernel, 0x1000, k4K, kUserData).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Map(kUserBase, 0x1000, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Map(kUserBase, 0x1000, k4K, Protection{.writable = true}).status(),
            Status::kInvalidArgument);
  // User pages are never global: they would outlive a switch to another process.
  EXPECT_EQ(t.tables.Map(kUserBase, 0x1000, k4K, Protection{.user = true, .global = true}).status(),
            Status::kInvalidArgument);
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x1000, k4K, kUserData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel, 0x1000, k4K, kData).ok());
  ExpectMapped(t.tables, kUserBase, 0x1000, k4K, kUserData);
  ExpectMapped(t.tables, kKernel, 0x1000, k4K, kData);
  // Protect cannot move a page across the privilege line either.
  EXPECT_EQ(t.tables.Protect(kKernel, k4K, kUserData).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Protect(kUserBase, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Protect(kUserBase, k4K, Protection{.user = true, .global = true}).status(),
            Status::kInvalidArgument);
}

TEST(PageTable, UserPagesAreReachableFromUserModeAtEveryLevel) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x5000, k4K, kUserRodata).ok());
  ASSERT_TRUE(t.tables.Map(kKernel, 0x6000, k4K, kRodata).ok());
  // [Intel SDM vol. 3A, 4.6.1]: U/S must be set at every level for user access, and no kernel
  // table entry may have it.
  WalkCollector walk;
  t.tables.Walk(walk);
  for (const WalkCollector::Table& table : walk.tables) {
    if (table.level == kRootLevel) continue;
    bool lower = IsLowerHalf(table.virt);
    // Find the entry that references this table by walking from the root.
    uint64_t current = t.tables.root();
    for (int level = kRootLevel; level > table.level; --level) {
      uint64_t entry = t.memory.TableAt(current)[IndexAt(table.virt, level)];
      EXPECT_EQ((entry & pte::kUser) != 0, lower) << std::hex << table.virt;
      EXPECT_EQ(entry & pte::kNoExecute, 0u);
      EXPECT_NE(entry & pte::kWritable, 0u);
      current = TableAddress(entry);
    }
  }
  Result<Translation> user = t.tables.Translate(kUserBase);
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE(user->protection.user);
  Result<Translation> kernel = t.tables.Translate(kKernel);
  ASSERT_TRUE(kernel.ok());
  EXPECT_FALSE(kernel->protection.user);
}

TEST(PageTable, IdentityMappingsAreSupervisorOnlyLowerHalfAndNotGlobal) {
  TestTables t;
  Protection trampoline{.executable = true};
  ASSERT_TRUE(t.tables.MapIdentity(0x7000, k4K, trampoline).ok());
  ExpectMapped(t.tables, 0x7000, 0x7000, k4K, trampoline);
  EXPECT_EQ(t.tables.MapIdentity(0x9000, k4K, Protection{.user = true}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(t.tables.MapIdentity(0x9000, k4K, Protection{.global = true}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(t.tables.MapIdentity(0x0000800000000000, k4K, Protection{}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(t.tables.MapIdentity(0x00007ffffffff000, 2 * k4K, Protection{}).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(t.tables.MapIdentity(0x7000, k4K, Protection{}).status(), Status::kAlreadyExists);
  // Protect refuses them in both directions: privilege is fixed when a page is mapped.
  EXPECT_EQ(t.tables.Protect(0x7000, k4K, Protection{}).status(), Status::kInvalidArgument);
  EXPECT_EQ(t.tables.Protect(0x7000, k4K, kUserRodata).status(), Status::kInvalidArgument);
  ExpectMapped(t.tables, 0x7000, 0x7000, k4K, trampoline);
  // Unmap removes them, and their tables.
  ASSERT_TRUE(t.tables.Unmap(0x7000, k4K).ok());
  ExpectUnmapped(t.tables, 0x7000, k4K);
  EXPECT_EQ(t.tables.table_pages(), 1u);
}

TEST(PageTable, Uses1GiBPagesOnlyWhenAllowed) {
  TestTables with(kWith1G);
  ASSERT_TRUE(with.tables.Map(kDirect, 0, 2 * k1G, kData).ok());
  EXPECT_EQ(with.tables.table_pages(), 2u);  // PML4 + PDPT
  Result<Translation> huge = with.tables.Translate(kDirect + k1G + 0x12345);
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->page_size, k1G);
  EXPECT_EQ(huge->phys, k1G + 0x12345);

  TestTables without;
  ASSERT_TRUE(without.tables.Map(kDirect, 0, 2 * k1G, kData).ok());
  EXPECT_EQ(without.tables.table_pages(), 4u);  // PML4 + PDPT + 2 PDs
  Result<Translation> large = without.tables.Translate(kDirect + k1G + 0x12345);
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(large->page_size, k2M);
  EXPECT_EQ(large->phys, k1G + 0x12345);
}

TEST(PageTable, Uses2MiBPagesWhenEverythingIsAligned) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kDirect, 0, 4 * k2M, kData).ok());
  EXPECT_EQ(t.tables.table_pages(), 3u);  // PML4 + PDPT + PD; no page tables
  EXPECT_EQ(t.memory.live(), 3u);
  for (uint64_t offset = 0; offset < 4 * k2M; offset += k2M) {
    Result<Translation> translation = t.tables.Translate(kDirect + offset + 0x1234);
    ASSERT_TRUE(translation.ok());
    EXPECT_EQ(translation->page_size, k2M);
    EXPECT_EQ(translation->phys, offset + 0x1234);
  }
  ExpectMapped(t.tables, kDirect, 0, 4 * k2M, kData);
}

TEST(PageTable, Uses4KiBPagesWhenPhysicalIsMisaligned) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kKernel, 0x1000, k2M, kData).ok());
  EXPECT_EQ(t.tables.table_pages(), 4u);  // PML4, PDPT, PD, PT
  ExpectMapped(t.tables, kKernel, 0x1000, k2M, kData, k4K);
  // A 1 GiB-aligned virtual range over 2 MiB-aligned physical memory gets 2 MiB pages.
  ASSERT_TRUE(t.tables.Map(kDirect, k2M, k1G, kData).ok());
  ExpectMapped(t.tables, kDirect, k2M, 4 * k2M, kData, k2M);
}

TEST(PageTable, MixedAlignmentUsesTheLargestPageThatFits) {
  TestTables t(kWith1G);
  // 8 KiB below a 2 MiB boundary, up to 1 GiB; one 1 GiB page; then 2 MiB + 12 KiB.
  uint64_t virt = kDirect + 2 * k1G - 3 * k2M - 2 * k4K;
  uint64_t phys = virt - kDirect;
  uint64_t size = 2 * k4K + 3 * k2M + k1G + k2M + 3 * k4K;
  ASSERT_TRUE(t.tables.Map(virt, phys, size, kData).ok());
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    Result<Translation> translation = t.tables.Translate(virt + offset);
    ASSERT_TRUE(translation.ok());
    uint64_t expected = k4K;
    if (offset >= 2 * k4K && offset < 2 * k4K + 3 * k2M) expected = k2M;
    if (offset >= 2 * k4K + 3 * k2M && offset < 2 * k4K + 3 * k2M + k1G) expected = k1G;
    if (offset >= 2 * k4K + 3 * k2M + k1G && offset < size - 3 * k4K) expected = k2M;
    ASSERT_EQ(translation->page_size, expected) << std::hex << "offset 0x" << offset;
  }
  ExpectMapped(t.tables, virt, phys, size, kData);
  ExpectUnmapped(t.tables, virt - k4K, k4K);
  ExpectUnmapped(t.tables, virt + size, k4K);
}

TEST(PageTable, KernelLayoutTranslatesWithItsPermissions) {
  TestTables t;
  uint64_t base = kKernel + 37 * k2M;
  uint64_t phys = 0x7e5a000;
  ASSERT_TRUE(t.tables.Map(base, phys, 3 * k4K, kText).ok());
  ASSERT_TRUE(t.tables.Map(base + 3 * k4K, phys + 3 * k4K, 2 * k4K, kRodata).ok());
  ASSERT_TRUE(t.tables.Map(base + 5 * k4K, phys + 5 * k4K, 4 * k4K, kData).ok());
  // Guard page at base + 9 pages, then the stack elsewhere in physical memory.
  ASSERT_TRUE(t.tables.Map(base + 10 * k4K, 0x9000000, 16 * k4K, kData).ok());
  ExpectMapped(t.tables, base, phys, 3 * k4K, kText);
  ExpectMapped(t.tables, base + 3 * k4K, phys + 3 * k4K, 2 * k4K, kRodata);
  ExpectMapped(t.tables, base + 5 * k4K, phys + 5 * k4K, 4 * k4K, kData);
  ExpectUnmapped(t.tables, base + 9 * k4K, k4K);
  ExpectMapped(t.tables, base + 10 * k4K, 0x9000000, 16 * k4K, kData);
}

TEST(PageTable, EntriesCarryTheArchitecturalBits) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0x200000, k4K, kText).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + k4K, 0x201000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k2M, kData).ok());
  ASSERT_TRUE(t.tables.MapIdentity(0x7000, k4K, Protection{.executable = true}).ok());
  Protection framebuffer{.writable = true, .global = true, .cache = CacheMode::kWriteCombining};
  ASSERT_TRUE(t.tables.Map(kDirect + 0xc0000000, 0xc0000000, k2M, framebuffer).ok());

  // Walk by hand to the leaf entries [Intel SDM vol. 3A, 4.5].
  auto leaf = [&](uint64_t virt, int level) {
    uint64_t table = t.tables.root();
    for (int current = kRootLevel; current > level; --current) {
      uint64_t entry = t.memory.TableAt(table)[IndexAt(virt, current)];
      EXPECT_EQ(entry & (pte::kPresent | pte::kWritable), pte::kPresent | pte::kWritable);
      EXPECT_EQ(entry & (pte::kNoExecute | pte::kLargePage | pte::kGlobal), 0u);
      table = TableAddress(entry);
    }
    return t.memory.TableAt(table)[IndexAt(virt, level)];
  };
  EXPECT_EQ(leaf(kKernel, 1), 0x200000 | pte::kPresent | pte::kGlobal);
  EXPECT_EQ(leaf(kKernel + k4K, 1),
            0x201000 | pte::kPresent | pte::kWritable | pte::kGlobal | pte::kNoExecute);
  EXPECT_EQ(leaf(kDirect, 2),
            pte::kPresent | pte::kWritable | pte::kGlobal | pte::kNoExecute | pte::kLargePage);
  EXPECT_EQ(leaf(0x7000, 1), 0x7000 | pte::kPresent);
  EXPECT_EQ(leaf(kDirect + 0xc0000000, 2), 0xc0000000 | pte::kPresent | pte::kWritable |
                                               pte::kGlobal | pte::kNoExecute | pte::kLargePage |
                                               pte::kWriteThrough);
  Result<Translation> fb = t.tables.Translate(kDirect + 0xc0000000);
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(fb->protection.cache, CacheMode::kWriteCombining);
}

TEST(PageTable, EveryNonExecutableLeafCarriesNx) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k1G + k2M + k4K, kRodata).ok());
  ASSERT_TRUE(t.tables.Map(kKernel, 0x100000, 3 * k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x200000, k2M, kUserData).ok());
  ASSERT_TRUE(t.tables.Map(kKernel + k2M, 0x200000, k4K, kText).ok());
  WalkCollector walk;
  t.tables.Walk(walk);
  ASSERT_EQ(walk.pages.size(), 1u + 1 + 1 + 3 + 1 + 1);
  for (const MappedPage& page : walk.pages) {
    uint64_t table = t.tables.root();
    int level = kRootLevel;
    uint64_t entry = 0;
    for (;; --level) {
      entry = t.memory.TableAt(table)[IndexAt(page.virt, level)];
      if (IsLeaf(entry, level)) break;
      table = TableAddress(entry);
    }
    EXPECT_EQ((entry & pte::kNoExecute) != 0, !page.protection.executable) << std::hex << page.virt;
  }
}

TEST(PageTable, RefusesToMapOverExistingMappings) {
  TestTables t;
  PageTable& tables = t.tables;
  ASSERT_TRUE(tables.Map(kKernel + 4 * k4K, 0x100000, 4 * k4K, kData).ok());
  auto before = t.memory.Snapshot();
  // Partial overlap at either end, full containment, and an exact repeat.
  EXPECT_EQ(tables.Map(kKernel, 0x300000, 5 * k4K, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables.Map(kKernel + 7 * k4K, 0x300000, 4 * k4K, kData).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(tables.Map(kKernel, 0x300000, k2M, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables.Map(kKernel + 4 * k4K, 0x100000, 4 * k4K, kData).status(),
            Status::kAlreadyExists);
  // The refused calls changed nothing, not even a table.
  EXPECT_EQ(t.memory.Snapshot(), before);
  ExpectMapped(tables, kKernel + 4 * k4K, 0x100000, 4 * k4K, kData);
  // Neighbours are fine.
  EXPECT_TRUE(tables.Map(kKernel + 8 * k4K, 0x300000, k4K, kRodata).ok());
  EXPECT_TRUE(tables.Map(kKernel + 3 * k4K, 0x400000, k4K, kText).ok());

  // A 4 KiB page inside an existing 2 MiB page, and ranges running into one.
  uint64_t large = kDirect + k2M;
  ASSERT_TRUE(tables.Map(large, 0, k2M, kData).ok());
  EXPECT_EQ(tables.Map(large + 5 * k4K, 0x5000, k4K, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables.Map(large + k2M - k4K, 0x700000, 2 * k4K, kData).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(tables.Map(large - k4K, 0x700000, 2 * k4K, kData).status(), Status::kAlreadyExists);
  ExpectUnmapped(tables, large - k4K, k4K);
  ExpectUnmapped(tables, large + k2M, k4K);
}

TEST(PageTable, LargeMappingOverAnExistingTableUsesSmallerPages) {
  TestTables t(kWith1G);
  // A 4 KiB page far into a 1 GiB region leaves tables there; a later 1 GiB-aligned mapping of
  // the rest of that region must go around it with 2 MiB and 4 KiB pages.
  ASSERT_TRUE(t.tables.Map(kDirect + k1G - k4K, 0x5000, k4K, kData).ok());
  EXPECT_EQ(t.tables.Map(kDirect, 0, k1G, kData).status(), Status::kAlreadyExists);
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k1G - k4K, kData).ok());
  ExpectMapped(t.tables, kDirect, 0, 4 * k4K, kData, k2M);
  Result<Translation> tail = t.tables.Translate(kDirect + k1G - 2 * k4K);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->page_size, k4K);
  EXPECT_EQ(tail->phys, k1G - 2 * k4K);
  ExpectMapped(t.tables, kDirect + k1G - k4K, 0x5000, k4K, kData);
}

TEST(PageTable, MapsTheEdgesOfBothHalves) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(0xffffffffffe00000, 0x400000, k2M, kRodata).ok());
  ExpectMapped(t.tables, 0xffffffffffe00000, 0x400000, k2M, kRodata);
  EXPECT_EQ(t.tables.Map(0xfffffffffffff000, 0, k4K, kData).status(), Status::kAlreadyExists);
  ASSERT_TRUE(t.tables.Map(kUpperHalfStart, 0, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(0, 0, k4K, kUserText).ok());
  ASSERT_TRUE(t.tables.Map(kLowerHalfEnd - k4K, 0x1000, k4K, kUserData).ok());
  ExpectMapped(t.tables, 0, 0, k4K, kUserText);
  ExpectMapped(t.tables, kLowerHalfEnd - k4K, 0x1000, k4K, kUserData);
  // And unmaps the top of the address space, freeing its tables.
  size_t before = t.tables.table_pages();
  ASSERT_TRUE(t.tables.Unmap(0xffffffffffe00000, k2M).ok());
  ExpectUnmapped(t.tables, 0xffffffffffe00000, k2M);
  EXPECT_EQ(t.tables.table_pages(), before - 2);  // its PD and PDPT
}

TEST(PageTable, TranslateReportsUnmappedAndTheOffset) {
  TestTables t;
  EXPECT_EQ(t.tables.Translate(kKernel).status(), Status::kNotFound);
  ASSERT_TRUE(t.tables.Map(kKernel, 0x3000, k4K, kData).ok());
  Result<Translation> translation = t.tables.Translate(kKernel + 0xabc);
  ASSERT_TRUE(translation.ok());
  EXPECT_EQ(translation->phys, 0x3abcu);
  EXPECT_EQ(translation->page_size, k4K);
  EXPECT_EQ(t.tables.Translate(kKernel + k4K).status(), Status::kNotFound);
  EXPECT_EQ(t.tables.Translate(kKernel + k2M).status(), Status::kNotFound);
  EXPECT_EQ(t.tables.Translate(kDirect).status(), Status::kNotFound);
}

TEST(PageTable, WalkReportsTablesAndPagesInAddressOrder) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel + k4K, 0x1000, k4K, kText).ok());
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k2M, kData).ok());
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x2000, k4K, kUserData).ok());
  WalkCollector walk;
  t.tables.Walk(walk);
  ASSERT_EQ(walk.pages.size(), 3u);
  EXPECT_EQ(walk.pages[0].virt, kUserBase);
  EXPECT_EQ(walk.pages[0].phys, 0x2000u);
  EXPECT_EQ(walk.pages[0].protection, kUserData);
  EXPECT_EQ(walk.pages[1].virt, kDirect);
  EXPECT_EQ(walk.pages[1].page_size, k2M);
  EXPECT_EQ(walk.pages[2].virt, kKernel + k4K);
  EXPECT_EQ(walk.pages[2].protection, kText);
  ASSERT_EQ(walk.tables.size(), t.tables.table_pages());
  EXPECT_EQ(walk.tables[0].level, kRootLevel);
  EXPECT_EQ(walk.tables[0].phys, t.tables.root());
  for (const WalkCollector::Table& table : walk.tables) EXPECT_TRUE(t.memory.IsLive(table.phys));
  // Tables come with the first address they translate, sign-extended in the upper half.
  EXPECT_EQ(walk.tables[1].virt, 0u);
  EXPECT_EQ(walk.tables.back().virt, kKernel);
  EXPECT_EQ(walk.tables.back().level, 1);
}

TEST(PageTable, FreeAllTablesReturnsEveryPage) {
  TestTables t(kWith1G);
  ASSERT_TRUE(t.tables.Map(kDirect, 0, k1G + 3 * k2M + 5 * k4K, kData).ok());
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x1000, 7 * k4K, kUserData).ok());
  EXPECT_GT(t.memory.live(), 1u);
  t.tables.FreeAllTables();
  EXPECT_EQ(t.memory.live(), 0u);
  EXPECT_EQ(t.tables.root(), 0u);
  EXPECT_EQ(t.tables.table_pages(), 0u);
  EXPECT_EQ(t.tables.Map(kKernel, 0, k4K, kData).status(), Status::kBadState);
  EXPECT_EQ(t.tables.Unmap(kKernel, k4K).status(), Status::kBadState);
  EXPECT_EQ(t.tables.Protect(kKernel, k4K, kData).status(), Status::kBadState);
  EXPECT_EQ(t.tables.Merge(kKernel, k4K).status(), Status::kBadState);
  EXPECT_EQ(t.tables.Translate(kKernel).status(), Status::kBadState);
  WalkCollector walk;
  t.tables.Walk(walk);
  EXPECT_TRUE(walk.tables.empty());
  t.tables.FreeAllTables();  // twice is harmless
  EXPECT_TRUE(t.tlb.calls().empty());
}

TEST(PageTable, MovingTransfersOwnership) {
  TestTables t;
  ASSERT_TRUE(t.tables.Map(kKernel, 0, k4K, kData).ok());
  PageTable moved(static_cast<PageTable&&>(t.tables));
  EXPECT_EQ(t.tables.root(), 0u);
  EXPECT_EQ(t.tables.Translate(kKernel).status(), Status::kBadState);
  ExpectMapped(moved, kKernel, 0, k4K, kData);
  EXPECT_EQ(moved.table_pages(), 4u);
}

}  // namespace
}  // namespace raeen::kernel
