#include "kernel/mm/buddy_allocator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace raeen::kernel {
namespace {

constexpr uint64_t kPage = kPageFrameSize;
constexpr uint64_t kMiB = 1024 * 1024;

// An allocator over [base, base + size) with its metadata in a vector.
struct Buddy {
  Buddy(uint64_t base, uint64_t size) : frames(size / kPage) {
    Result<BuddyAllocator> created =
        BuddyAllocator::Create(base, size, rstd::Span<PageFrame>(frames.data(), frames.size()));
    EXPECT_TRUE(created.ok()) << StatusName(created.status());
    if (created.ok()) allocator = created.value();
  }

  std::vector<PageFrame> frames;
  BuddyAllocator allocator;
};

std::vector<uint64_t> FreeBlockCounts(const BuddyAllocator& allocator) {
  std::vector<uint64_t> counts;
  for (uint32_t order = 0; order <= kMaxBuddyOrder; ++order) {
    counts.push_back(allocator.FreeBlocks(order));
  }
  return counts;
}

// Only the given order has free blocks, `count` of them.
std::vector<uint64_t> OnlyOrder(uint32_t order, uint64_t count) {
  std::vector<uint64_t> counts(kMaxBuddyOrder + 1, 0);
  counts[order] = count;
  return counts;
}

TEST(BuddyAllocator, CreateRejectsBadSpans) {
  std::vector<PageFrame> frames(16);
  rstd::Span<PageFrame> span(frames.data(), frames.size());
  EXPECT_EQ(BuddyAllocator::Create(0, 0, span).status(), Status::kInvalidArgument);
  EXPECT_EQ(BuddyAllocator::Create(0x800, 16 * kPage, span).status(), Status::kInvalidArgument);
  EXPECT_EQ(BuddyAllocator::Create(0, 16 * kPage + 1, span).status(), Status::kInvalidArgument);
  EXPECT_EQ(BuddyAllocator::Create(UINT64_MAX - kPage + 1, 16 * kPage, span).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(BuddyAllocator::Create(0, 17 * kPage, span).status(), Status::kBufferTooSmall);
  EXPECT_EQ(BuddyAllocator::Create(0, uint64_t{1} << 44, span).status(), Status::kUnsupported);
  EXPECT_TRUE(BuddyAllocator::Create(0, 16 * kPage, span).ok());
}

TEST(BuddyAllocator, MetadataIsTwelveBytesPerFrame) {
  EXPECT_EQ(BuddyAllocator::MetadataBytes(8 * 1024 * kMiB), 2 * kMiB * 12);
}

// The kernel has no global constructors: its allocator must be constant-initialized.
constinit BuddyAllocator g_constinit_allocator;

TEST(BuddyAllocator, EmptyAllocatorFailsEveryCall) {
  EXPECT_EQ(g_constinit_allocator.AllocatePages(0, PageKind::kKernel).status(), Status::kNoMemory);
  BuddyAllocator empty;
  EXPECT_EQ(empty.AllocatePages(0, PageKind::kKernel).status(), Status::kNoMemory);
  EXPECT_EQ(empty.AddRange(0, kPage).status(), Status::kOutOfRange);
  EXPECT_EQ(empty.ReserveRange(0, kPage, PageKind::kKernel).status(), Status::kOutOfRange);
  EXPECT_EQ(empty.FreePages(0, 0).status(), Status::kOutOfRange);
  EXPECT_FALSE(empty.FindAllocatedBlock(0).ok());
  EXPECT_TRUE(empty.Verify().ok());
}

TEST(BuddyAllocator, AlignedRangeBecomesMaximalBlocks) {
  Buddy buddy(0, 16 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(4 * kMiB, 8 * kMiB).ok());
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(kMaxBuddyOrder, 2));
  EXPECT_EQ(buddy.allocator.stats().free_pages, 2048u);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, SplitsTheSmallestSufficientBlock) {
  Buddy buddy(0, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 4 * kMiB).ok());
  Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(*page, 0u);
  // The 4 MiB block split into one free block of each smaller order.
  std::vector<uint64_t> expected(kMaxBuddyOrder + 1, 1);
  expected[kMaxBuddyOrder] = 0;
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), expected);

  // The next order-3 request takes the free order-3 block instead of splitting a larger one.
  Result<uint64_t> eight = buddy.allocator.AllocatePages(3, PageKind::kKernel);
  ASSERT_TRUE(eight.ok());
  EXPECT_EQ(*eight, 8 * kPage);
  EXPECT_EQ(buddy.allocator.FreeBlocks(3), 0u);
  EXPECT_EQ(buddy.allocator.FreeBlocks(4), 1u);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, CoalescesBackToTheOriginalBlock) {
  Buddy buddy(0, 8 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 8 * kMiB).ok());
  const auto initial = FreeBlockCounts(buddy.allocator);
  std::vector<std::pair<uint64_t, uint32_t>> blocks;
  for (uint32_t order : {0u, 3u, 1u, 0u, 7u, 2u, 10u, 5u}) {
    Result<uint64_t> block = buddy.allocator.AllocatePages(order, PageKind::kHeap);
    ASSERT_TRUE(block.ok()) << order;
    blocks.emplace_back(*block, order);
  }
  EXPECT_NE(FreeBlockCounts(buddy.allocator), initial);
  // Free in an order unrelated to the allocation order.
  for (size_t i : {4u, 0u, 6u, 2u, 7u, 1u, 5u, 3u}) {
    ASSERT_TRUE(buddy.allocator.FreePages(blocks[i].first, blocks[i].second).ok());
    EXPECT_TRUE(buddy.allocator.Verify().ok());
  }
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), initial);
  EXPECT_EQ(buddy.allocator.stats().free_pages, 2048u);
  EXPECT_EQ(buddy.allocator.stats().heap_pages, 0u);
}

TEST(BuddyAllocator, BlocksAreNaturallyAligned) {
  // A span and range that start at an odd page: alignment is physical, not span-relative.
  Buddy buddy(3 * kPage, 16 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(3 * kPage, 16 * kMiB).ok());
  std::vector<uint32_t> orders;
  for (uint32_t round = 0; round < 2; ++round) {
    for (uint32_t order = 0; order < kMaxBuddyOrder; ++order) orders.push_back(order);
  }
  orders.push_back(kMaxBuddyOrder);
  orders.push_back(kMaxBuddyOrder);
  for (uint32_t order : orders) {
    Result<uint64_t> block = buddy.allocator.AllocatePages(order, PageKind::kUser);
    ASSERT_TRUE(block.ok()) << order;
    EXPECT_EQ(*block % (kPage << order), 0u) << order;
    EXPECT_GE(*block, 3 * kPage);
    EXPECT_LE(*block + (kPage << order), 3 * kPage + 16 * kMiB);
  }
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, UnalignedRangeSplitsIntoMaximalAlignedBlocks) {
  Buddy buddy(0, 16 * kMiB);
  // Pages 1..7: blocks at page 1 (order 0), 2 (order 1) and 4 (order 2).
  ASSERT_TRUE(buddy.allocator.AddRange(kPage, 7 * kPage).ok());
  std::vector<uint64_t> expected(kMaxBuddyOrder + 1, 0);
  expected[0] = expected[1] = expected[2] = 1;
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), expected);

  // [4 MiB - 3 pages, 12 MiB + 5 pages): a ragged start and end around two 4 MiB blocks.
  ASSERT_TRUE(buddy.allocator.AddRange(4 * kMiB - 3 * kPage, 8 * kMiB + 8 * kPage).ok());
  EXPECT_EQ(buddy.allocator.FreeBlocks(kMaxBuddyOrder), 2u);
  EXPECT_EQ(buddy.allocator.stats().free_pages, 7u + 2048u + 8u);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
  // Every page of both ranges can be allocated, and nothing outside them.
  uint64_t pages = 0;
  while (true) {
    Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
    if (!page.ok()) {
      EXPECT_EQ(page.status(), Status::kNoMemory);
      break;
    }
    bool in_first = *page >= kPage && *page < 8 * kPage;
    bool in_second = *page >= 4 * kMiB - 3 * kPage && *page < 12 * kMiB + 5 * kPage;
    EXPECT_TRUE(in_first || in_second) << std::hex << *page;
    ++pages;
  }
  EXPECT_EQ(pages, 7u + 2048u + 8u);
}

TEST(BuddyAllocator, FragmentationKeepsHigherOrdersUnavailable) {
  Buddy buddy(0, 1 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 1 * kMiB).ok());
  std::vector<uint64_t> pages;
  for (int i = 0; i < 256; ++i) {
    Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
    ASSERT_TRUE(page.ok());
    pages.push_back(*page);
  }
  EXPECT_EQ(buddy.allocator.AllocatePages(0, PageKind::kKernel).status(), Status::kNoMemory);
  std::sort(pages.begin(), pages.end());
  for (size_t i = 0; i < pages.size(); i += 2) {
    ASSERT_TRUE(buddy.allocator.FreePages(pages[i], 0).ok());
  }
  // Half the memory is free, but no two free pages are buddies.
  EXPECT_EQ(buddy.allocator.stats().free_pages, 128u);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(0, 128));
  EXPECT_EQ(buddy.allocator.AllocatePages(1, PageKind::kKernel).status(), Status::kNoMemory);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
  for (size_t i = 1; i < pages.size(); i += 2) {
    ASSERT_TRUE(buddy.allocator.FreePages(pages[i], 0).ok());
  }
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(8, 1));
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, ExhaustionReturnsNoMemoryAndChangesNothing) {
  Buddy buddy(0, 1 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 1 * kMiB).ok());
  ASSERT_TRUE(buddy.allocator.AllocatePages(7, PageKind::kUser).ok());
  ASSERT_TRUE(buddy.allocator.AllocatePages(6, PageKind::kUser).ok());
  ASSERT_TRUE(buddy.allocator.AllocatePages(0, PageKind::kUser).ok());
  // 63 pages left, in blocks of order 0..5: an order-6 request cannot be met.
  const PhysicalMemoryStats stats = buddy.allocator.stats();
  const auto counts = FreeBlockCounts(buddy.allocator);
  EXPECT_EQ(buddy.allocator.AllocatePages(6, PageKind::kUser).status(), Status::kNoMemory);
  EXPECT_EQ(buddy.allocator.AllocatePages(kMaxBuddyOrder, PageKind::kUser).status(),
            Status::kNoMemory);
  EXPECT_EQ(buddy.allocator.stats(), stats);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), counts);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
  // Smaller requests still succeed until every page is gone.
  uint64_t taken = 0;
  while (buddy.allocator.AllocatePages(0, PageKind::kUser).ok()) ++taken;
  EXPECT_EQ(taken, 63u);
  EXPECT_EQ(buddy.allocator.stats().free_pages, 0u);
  EXPECT_EQ(buddy.allocator.stats().user_pages, 256u);
}

TEST(BuddyAllocator, RangesAddedLaterMergeWithTheirNeighbours) {
  Buddy buddy(0, 8 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 2 * kMiB).ok());
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(9, 1));
  ASSERT_TRUE(buddy.allocator.AddRange(6 * kMiB, 2 * kMiB).ok());
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(9, 2));
  // Filling the gaps merges everything into two 4 MiB blocks.
  ASSERT_TRUE(buddy.allocator.AddRange(2 * kMiB, 2 * kMiB).ok());
  ASSERT_TRUE(buddy.allocator.AddRange(4 * kMiB, 2 * kMiB).ok());
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(kMaxBuddyOrder, 2));
  EXPECT_EQ(buddy.allocator.stats().free_pages, 2048u);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, AddRangeChecksBeforeChangingAnything) {
  Buddy buddy(1 * kMiB, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(2 * kMiB, 1 * kMiB).ok());
  const PhysicalMemoryStats stats = buddy.allocator.stats();
  const auto counts = FreeBlockCounts(buddy.allocator);
  EXPECT_EQ(buddy.allocator.AddRange(2 * kMiB, 1 * kMiB).status(), Status::kAlreadyExists);
  // Overlapping only in its last page.
  EXPECT_EQ(buddy.allocator.AddRange(1 * kMiB, 1 * kMiB + kPage).status(), Status::kAlreadyExists);
  EXPECT_EQ(buddy.allocator.AddRange(0, 1 * kMiB).status(), Status::kOutOfRange);
  EXPECT_EQ(buddy.allocator.AddRange(4 * kMiB, 2 * kMiB).status(), Status::kOutOfRange);
  EXPECT_EQ(buddy.allocator.AddRange(1 * kMiB + 1, kPage).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.AddRange(1 * kMiB, kPage - 1).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.AddRange(UINT64_MAX - kPage + 1, 2 * kPage).status(),
            Status::kInvalidArgument);
  EXPECT_TRUE(buddy.allocator.AddRange(1 * kMiB, 0).ok());
  EXPECT_EQ(buddy.allocator.stats(), stats);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), counts);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
  // Allocated memory cannot be added again either.
  Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(buddy.allocator.AddRange(*page, kPage).status(), Status::kAlreadyExists);
}

TEST(BuddyAllocator, ReservedRangesAreCountedAndNeverAllocated) {
  Buddy buddy(0, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.ReserveRange(0, 1 * kMiB, PageKind::kFirmware).ok());
  ASSERT_TRUE(buddy.allocator.ReserveRange(1 * kMiB, 1 * kMiB, PageKind::kReserved).ok());
  ASSERT_TRUE(buddy.allocator.AddRange(2 * kMiB, 2 * kMiB).ok());
  EXPECT_EQ(buddy.allocator.stats().firmware_pages, 256u);
  EXPECT_EQ(buddy.allocator.stats().reserved_pages, 256u);
  EXPECT_EQ(buddy.allocator.stats().free_pages, 512u);
  EXPECT_EQ(buddy.allocator.ReserveRange(0, kPage, PageKind::kKernel).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(buddy.allocator.ReserveRange(2 * kMiB, kPage, PageKind::kKernel).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(buddy.allocator.ReserveRange(0, kPage, PageKind::kFree).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.ReserveRange(0, kPage, static_cast<PageKind>(99)).status(),
            Status::kInvalidArgument);
  while (true) {
    Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
    if (!page.ok()) break;
    EXPECT_GE(*page, 2 * kMiB);
  }
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, ReclaimingReservedMemoryMovesItToFree) {
  Buddy buddy(0, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 2 * kMiB).ok());
  ASSERT_TRUE(buddy.allocator.ReserveRange(2 * kMiB, 2 * kMiB, PageKind::kReserved).ok());
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(9, 1));
  ASSERT_TRUE(buddy.allocator.AddRange(2 * kMiB, 2 * kMiB).ok());
  EXPECT_EQ(buddy.allocator.stats().reserved_pages, 0u);
  EXPECT_EQ(buddy.allocator.stats().free_pages, 1024u);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), OnlyOrder(kMaxBuddyOrder, 1));
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, DoubleFreeIsDetectedAndChangesNothing) {
  Buddy buddy(0, 1 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 1 * kMiB).ok());
  // Pages 0, 1 and 2; page 2 stays allocated so that 0 and 1 merge only with each other.
  Result<uint64_t> a = buddy.allocator.AllocatePages(0, PageKind::kKernel);
  Result<uint64_t> b = buddy.allocator.AllocatePages(0, PageKind::kKernel);
  Result<uint64_t> keep = buddy.allocator.AllocatePages(0, PageKind::kKernel);
  ASSERT_TRUE(a.ok() && b.ok() && keep.ok());
  ASSERT_EQ(*a, 0u);
  ASSERT_EQ(*b, kPage);
  ASSERT_TRUE(buddy.allocator.FreePages(*a, 0).ok());
  ASSERT_TRUE(buddy.allocator.FreePages(*b, 0).ok());
  ASSERT_EQ(buddy.allocator.FreeBlocks(1), 1u);
  const PhysicalMemoryStats stats = buddy.allocator.stats();
  const auto counts = FreeBlockCounts(buddy.allocator);
  // `a` is now the head of the merged free order-1 block and `b` one of its tail frames: both
  // are reported as double frees.
  EXPECT_EQ(buddy.allocator.FreePages(*a, 0).status(), Status::kBadState);
  EXPECT_EQ(buddy.allocator.FreePages(*b, 0).status(), Status::kBadState);
  // Memory that was never allocated is free, and freeing it is a double free too.
  EXPECT_EQ(buddy.allocator.FreePages(255 * kPage, 0).status(), Status::kBadState);
  EXPECT_EQ(buddy.allocator.stats(), stats);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), counts);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, ForeignAddressesAreDetectedAndChangeNothing) {
  Buddy buddy(1 * kMiB, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(1 * kMiB, 1 * kMiB).ok());
  ASSERT_TRUE(buddy.allocator.ReserveRange(2 * kMiB, 1 * kMiB, PageKind::kKernel).ok());
  // [3 MiB, 5 MiB) stays absent: a hole.
  Result<uint64_t> block = buddy.allocator.AllocatePages(3, PageKind::kPageTable);
  ASSERT_TRUE(block.ok());
  const PhysicalMemoryStats stats = buddy.allocator.stats();
  const auto counts = FreeBlockCounts(buddy.allocator);

  EXPECT_EQ(buddy.allocator.FreePages(0, 0).status(), Status::kOutOfRange);
  EXPECT_EQ(buddy.allocator.FreePages(5 * kMiB, 0).status(), Status::kOutOfRange);
  EXPECT_EQ(buddy.allocator.FreePages(3 * kMiB, 0).status(), Status::kOutOfRange);  // hole
  EXPECT_EQ(buddy.allocator.FreePages(2 * kMiB, 0).status(), Status::kOutOfRange);  // reserved
  EXPECT_EQ(buddy.allocator.FreePages(*block + kPage, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.FreePages(*block + 4 * kPage, 2).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.FreePages(*block, 2).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.FreePages(*block, 4).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.FreePages(*block + 8, 3).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.FreePages(*block, kMaxBuddyOrder + 1).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(buddy.allocator.stats(), stats);
  EXPECT_EQ(FreeBlockCounts(buddy.allocator), counts);
  EXPECT_TRUE(buddy.allocator.Verify().ok());
  EXPECT_TRUE(buddy.allocator.FreePages(*block, 3).ok());
}

TEST(BuddyAllocator, AllocateRejectsBadArguments) {
  Buddy buddy(0, 4 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 4 * kMiB).ok());
  EXPECT_EQ(buddy.allocator.AllocatePages(kMaxBuddyOrder + 1, PageKind::kKernel).status(),
            Status::kInvalidArgument);
  for (PageKind kind :
       {PageKind::kFree, PageKind::kFirmware, PageKind::kReserved, static_cast<PageKind>(42)}) {
    EXPECT_EQ(buddy.allocator.AllocatePages(0, kind).status(), Status::kInvalidArgument);
  }
  EXPECT_EQ(buddy.allocator.stats().free_pages, 1024u);
}

TEST(BuddyAllocator, StatisticsFollowEveryKind) {
  Buddy buddy(0, 8 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 8 * kMiB).ok());
  struct Allocation {
    PageKind kind;
    uint32_t order;
    uint64_t address = 0;
  };
  std::vector<Allocation> allocations = {
      {PageKind::kKernel, 2}, {PageKind::kPageTable, 0}, {PageKind::kPageTable, 0},
      {PageKind::kHeap, 4},   {PageKind::kUser, 9},      {PageKind::kUser, 1},
      {PageKind::kKernel, 0}, {PageKind::kHeap, 0},
  };
  for (Allocation& allocation : allocations) {
    Result<uint64_t> address = buddy.allocator.AllocatePages(allocation.order, allocation.kind);
    ASSERT_TRUE(address.ok());
    allocation.address = *address;
  }
  const PhysicalMemoryStats& stats = buddy.allocator.stats();
  EXPECT_EQ(stats.kernel_pages, 5u);
  EXPECT_EQ(stats.page_table_pages, 2u);
  EXPECT_EQ(stats.heap_pages, 17u);
  EXPECT_EQ(stats.user_pages, 514u);
  EXPECT_EQ(stats.free_pages, 2048u - 5 - 2 - 17 - 514);
  EXPECT_EQ(stats.TotalPages(), 2048u);

  Result<BuddyAllocator::AllocatedBlock> found =
      buddy.allocator.FindAllocatedBlock(allocations[4].address);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->order, 9u);
  EXPECT_EQ(found->kind, PageKind::kUser);
  EXPECT_FALSE(buddy.allocator.FindAllocatedBlock(allocations[4].address + kPage).ok());

  ASSERT_TRUE(buddy.allocator.FreePages(allocations[4].address, 9).ok());
  ASSERT_TRUE(buddy.allocator.FreePages(allocations[1].address, 0).ok());
  EXPECT_EQ(stats.user_pages, 2u);
  EXPECT_EQ(stats.page_table_pages, 1u);
  EXPECT_EQ(stats.free_pages, 2048u - 5 - 1 - 17 - 2);
  EXPECT_FALSE(buddy.allocator.FindAllocatedBlock(allocations[4].address).ok());
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, VerifyFindsCorruptedMetadata) {
  Buddy buddy(0, 1 * kMiB);
  ASSERT_TRUE(buddy.allocator.AddRange(0, 1 * kMiB).ok());
  ASSERT_TRUE(buddy.allocator.Verify().ok());
  // A tail frame of the free 1 MiB block claims to be a block head.
  buddy.frames[5].state = 2;
  EXPECT_EQ(buddy.allocator.Verify().status(), Status::kCorrupt);
}

// A map in the shape OVMF gives: low memory, the kernel and loader pieces, firmware ranges,
// a large usable range and MMIO far above.
std::vector<boot::MemoryRange> SampleMap() {
  using boot::MemoryKind;
  return {
      {0x0, 0x9f000, MemoryKind::kUsable, 0},
      {0x100000, 0x100000, MemoryKind::kKernelImage, 0},
      {0x200000, 0x4000, MemoryKind::kKernelStack, 0},
      {0x204000, 0x3000, MemoryKind::kPageTables, 0},
      {0x207000, 0x1000, MemoryKind::kLoaderReclaimable, 0},
      {0x208000, 0x5f8000, MemoryKind::kUsable, 0},
      {0x800000, 0x200000, MemoryKind::kBootReclaimable, 0},
      {0xa00000, 0x7400000, MemoryKind::kUsable, 0},
      {0x7e00000, 0x80000, MemoryKind::kInitrd, 0},
      {0x7e80000, 0x40000, MemoryKind::kKernelFile, 0},
      {0x7ec0000, 0x20000, MemoryKind::kAcpiReclaimable, 0},
      {0x7ee0000, 0x20000, MemoryKind::kAcpiNvs, 0},
      {0x7f00000, 0x80000, MemoryKind::kFirmwareRuntime, 0},
      {0x7f80000, 0x80000, MemoryKind::kReserved, 0},
      {0xe0000000, 0x10000000, MemoryKind::kMmio, 0},
  };
}

uint64_t BytesOf(const std::vector<boot::MemoryRange>& map, boot::MemoryKind kind) {
  uint64_t bytes = 0;
  for (const boot::MemoryRange& range : map) {
    if (range.kind == kind) bytes += range.size;
  }
  return bytes;
}

TEST(BuddyMemoryPlan, SpansAllRamAndCarvesMetadataFromTheLargestUsableRange) {
  auto map = SampleMap();
  Result<BuddyMemoryPlan> plan = PlanBuddyMemory(rstd::Span(map.data(), map.size()));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->span_base, 0u);
  EXPECT_EQ(plan->span_size, 0x7f80000u);  // up to the firmware runtime range; not MMIO
  EXPECT_EQ(plan->metadata_size, rstd::AlignUp(BuddyAllocator::MetadataBytes(0x7f80000), kPage));
  EXPECT_EQ(plan->metadata_base + plan->metadata_size, 0xa00000u + 0x7400000u);
}

TEST(BuddyMemoryPlan, FailsWithoutRamOrRoomForMetadata) {
  using boot::MemoryKind;
  std::vector<boot::MemoryRange> no_ram = {{0xe0000000, 0x1000, MemoryKind::kMmio, 0}};
  EXPECT_EQ(PlanBuddyMemory(rstd::Span(no_ram.data(), no_ram.size())).status(), Status::kNotFound);
  // 4 GiB of firmware memory needs 12 MiB of metadata; the only usable range is 1 MiB.
  std::vector<boot::MemoryRange> cramped = {
      {0x0, 0x100000, MemoryKind::kUsable, 0},
      {0x100000, 0xfff00000, MemoryKind::kFirmwareRuntime, 0},
  };
  EXPECT_EQ(PlanBuddyMemory(rstd::Span(cramped.data(), cramped.size())).status(),
            Status::kNoMemory);
  std::vector<boot::MemoryRange> ragged = {{0x0, 0x1800, MemoryKind::kUsable, 0}};
  EXPECT_EQ(PlanBuddyMemory(rstd::Span(ragged.data(), ragged.size())).status(),
            Status::kInvalidArgument);
}

struct BootBuddy {
  explicit BootBuddy(const std::vector<boot::MemoryRange>& map) {
    Result<BuddyMemoryPlan> planned = PlanBuddyMemory(rstd::Span(map.data(), map.size()));
    EXPECT_TRUE(planned.ok());
    plan = *planned;
    // The kernel reaches plan.metadata_base through the direct map; here it is a vector.
    frames.resize(plan.metadata_size / sizeof(PageFrame));
    Result<BuddyAllocator> created = BuddyAllocator::Create(
        plan.span_base, plan.span_size, rstd::Span<PageFrame>(frames.data(), frames.size()));
    EXPECT_TRUE(created.ok());
    allocator = created.value();
    EXPECT_TRUE(AddBootMemory(allocator, rstd::Span(map.data(), map.size()), plan).ok());
  }

  BuddyMemoryPlan plan;
  std::vector<PageFrame> frames;
  BuddyAllocator allocator;
};

TEST(BuddyMemoryPlan, BootMemoryIsAccountedByKind) {
  using boot::MemoryKind;
  auto map = SampleMap();
  BootBuddy buddy(map);
  const PhysicalMemoryStats& stats = buddy.allocator.stats();
  uint64_t metadata_pages = buddy.plan.metadata_size / kPage;
  EXPECT_EQ(stats.free_pages, BytesOf(map, MemoryKind::kUsable) / kPage - metadata_pages);
  EXPECT_EQ(stats.kernel_pages,
            (BytesOf(map, MemoryKind::kKernelImage) + BytesOf(map, MemoryKind::kKernelStack) +
             BytesOf(map, MemoryKind::kInitrd) + BytesOf(map, MemoryKind::kKernelFile)) /
                    kPage +
                metadata_pages);
  EXPECT_EQ(stats.page_table_pages, BytesOf(map, MemoryKind::kPageTables) / kPage);
  EXPECT_EQ(stats.reserved_pages, (BytesOf(map, MemoryKind::kLoaderReclaimable) +
                                   BytesOf(map, MemoryKind::kBootReclaimable) +
                                   BytesOf(map, MemoryKind::kAcpiReclaimable)) /
                                      kPage);
  EXPECT_EQ(
      stats.firmware_pages,
      (BytesOf(map, MemoryKind::kAcpiNvs) + BytesOf(map, MemoryKind::kFirmwareRuntime)) / kPage);
  EXPECT_EQ(stats.heap_pages + stats.user_pages, 0u);
  EXPECT_TRUE(buddy.allocator.Verify().ok());

  // Every page handed out is usable memory outside the metadata.
  uint64_t pages = 0;
  while (true) {
    Result<uint64_t> page = buddy.allocator.AllocatePages(0, PageKind::kKernel);
    if (!page.ok()) break;
    ++pages;
    bool usable = false;
    for (const boot::MemoryRange& range : map) {
      if (range.kind == MemoryKind::kUsable && *page >= range.base &&
          *page < range.base + range.size) {
        usable = true;
      }
    }
    EXPECT_TRUE(usable) << std::hex << *page;
    EXPECT_FALSE(*page >= buddy.plan.metadata_base &&
                 *page < buddy.plan.metadata_base + buddy.plan.metadata_size);
  }
  EXPECT_EQ(pages, BytesOf(map, MemoryKind::kUsable) / kPage - metadata_pages);
}

TEST(BuddyMemoryPlan, ReclaimHandsBootMemoryOverOnce) {
  using boot::MemoryKind;
  auto map = SampleMap();
  BootBuddy buddy(map);
  rstd::Span<const boot::MemoryRange> span(map.data(), map.size());
  const PhysicalMemoryStats before = buddy.allocator.stats();
  const uint64_t max_blocks_before = buddy.allocator.FreeBlocks(kMaxBuddyOrder);
  uint64_t boot_pages = BytesOf(map, MemoryKind::kBootReclaimable) / kPage;
  ASSERT_TRUE(ReclaimBootMemory(buddy.allocator, span, MemoryKind::kBootReclaimable).ok());
  EXPECT_EQ(buddy.allocator.stats().free_pages, before.free_pages + boot_pages);
  EXPECT_EQ(buddy.allocator.stats().reserved_pages, before.reserved_pages - boot_pages);
  // [8 MiB, 10 MiB) joined the usable [10 MiB, 12 MiB) into one more 4 MiB block.
  EXPECT_EQ(buddy.allocator.FreeBlocks(kMaxBuddyOrder), max_blocks_before + 1);
  EXPECT_TRUE(buddy.allocator.Verify().ok());

  const PhysicalMemoryStats after = buddy.allocator.stats();
  EXPECT_EQ(ReclaimBootMemory(buddy.allocator, span, MemoryKind::kBootReclaimable).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(ReclaimBootMemory(buddy.allocator, span, MemoryKind::kMmio).status(),
            Status::kOutOfRange);
  EXPECT_EQ(buddy.allocator.stats(), after);

  ASSERT_TRUE(ReclaimBootMemory(buddy.allocator, span, MemoryKind::kLoaderReclaimable).ok());
  ASSERT_TRUE(ReclaimBootMemory(buddy.allocator, span, MemoryKind::kAcpiReclaimable).ok());
  EXPECT_EQ(buddy.allocator.stats().reserved_pages, 0u);
  EXPECT_EQ(buddy.allocator.stats().TotalPages(), before.TotalPages());
  EXPECT_TRUE(buddy.allocator.Verify().ok());
}

TEST(BuddyAllocator, OrderForBytesIsTheSmallestBlockThatHolds) {
  EXPECT_EQ(OrderForBytes(0), 0u);
  EXPECT_EQ(OrderForBytes(1), 0u);
  EXPECT_EQ(OrderForBytes(4096), 0u);
  EXPECT_EQ(OrderForBytes(4097), 1u);
  EXPECT_EQ(OrderForBytes(16 * 1024), 2u);
  EXPECT_EQ(OrderForBytes(4ull << 20), kMaxBuddyOrder);
  EXPECT_EQ(OrderForBytes((4ull << 20) + 1), kMaxBuddyOrder + 1);
  EXPECT_EQ(OrderForBytes(~uint64_t{0}), 52u);  // no overflow at the top
}

}  // namespace
}  // namespace raeen::kernel
