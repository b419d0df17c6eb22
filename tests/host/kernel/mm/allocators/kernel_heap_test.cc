#include "kernel/mm/kernel_heap.h"

#include <gtest/gtest.h>
#include <string.h>

#include <map>
#include <random>
#include <vector>

#include "tests/host/kernel/mm/allocators/fake_page_source.h"
#include "tests/host/kernel/mm/allocators/host_physical_memory.h"

namespace raeen::kernel {
namespace {

using testing::FakePageSource;
using testing::HostPhysicalMemory;

constexpr uint64_t kPage = PageSource::kPageBytes;
constexpr uint64_t kMiB = 1024 * 1024;

// The heap over the buddy allocator, as in the kernel.
struct BuddyHeap {
  explicit BuddyHeap(uint64_t bytes)
      : memory(bytes),
        pages(memory.buddy(), memory.direct_map_base(), PageKind::kHeap),
        heap(pages) {}

  HostPhysicalMemory memory;
  BuddyPageSource pages;
  KernelHeap heap;
};

TEST(KernelHeap, SizeClasses) {
  const uint32_t sizes[] = {16, 32, 64, 128, 256, 512, 992, 1328, 2000};
  const uint32_t alignments[] = {16, 32, 64, 128, 256, 512, 16, 16, 16};
  const uint32_t capacities[] = {251, 125, 62, 31, 15, 7, 4, 3, 2};
  static_assert(KernelHeap::kClassCount == 9);
  for (size_t i = 0; i < KernelHeap::kClassCount; ++i) {
    SlabLayout layout = KernelHeap::ClassLayout(i);
    EXPECT_EQ(layout.object_size, sizes[i]) << i;
    EXPECT_EQ(layout.alignment, alignments[i]) << i;
    EXPECT_EQ(layout.capacity, capacities[i]) << i;
    EXPECT_EQ(layout.slab_order, 0u) << i;
  }
}

TEST(KernelHeap, RequestsGoToTheSmallestFittingClass) {
  FakePageSource source;
  KernelHeap heap(source);
  struct Case {
    size_t size;
    size_t alignment;
    uint64_t small_bytes;
    uint64_t large_pages;
  };
  const Case cases[] = {
      {0, 16, 16, 0},    {1, 16, 16, 0},      {16, 16, 16, 0},     {17, 16, 32, 0},
      {513, 16, 992, 0}, {1000, 16, 1328, 0}, {2000, 16, 2000, 0}, {2001, 16, 0, 1},
      {4096, 16, 0, 1},  {4097, 16, 0, 2},    {24, 64, 64, 0},     {24, 512, 512, 0},
      {24, 1024, 0, 1},  {600, 512, 0, 1},    {1, 8192, 0, 2},
  };
  for (const Case& c : cases) {
    Result<void*> memory = heap.Allocate(c.size, c.alignment);
    ASSERT_TRUE(memory.ok()) << c.size;
    EXPECT_EQ(heap.Stats().small_bytes, c.small_bytes) << c.size << " " << c.alignment;
    EXPECT_EQ(heap.Stats().large_pages, c.large_pages) << c.size << " " << c.alignment;
    ASSERT_TRUE(heap.Free(*memory).ok());
  }
}

TEST(KernelHeap, ManySizesAreAlignedDistinctAndIntact) {
  FakePageSource source;
  KernelHeap heap(source);
  struct Live {
    size_t size;
    uint8_t pattern;
  };
  std::map<uintptr_t, Live> live;
  for (size_t size = 0; size < 9000; size += 37) {
    Result<void*> memory = heap.Allocate(size);
    ASSERT_TRUE(memory.ok()) << size;
    auto address = reinterpret_cast<uintptr_t>(*memory);
    EXPECT_EQ(address % KernelHeap::kDefaultAlignment, 0u);
    auto next = live.lower_bound(address);
    if (next != live.end()) EXPECT_GE(next->first, address + size);
    if (next != live.begin()) {
      auto previous = std::prev(next);
      EXPECT_LE(previous->first + previous->second.size, address);
    }
    auto pattern = static_cast<uint8_t>(size / 37);
    memset(*memory, pattern, size);
    live[address] = Live{size, pattern};
  }
  EXPECT_EQ(heap.Stats().small_objects + heap.Stats().large_allocations, live.size());
  for (auto& [address, entry] : live) {
    auto* bytes = reinterpret_cast<uint8_t*>(address);
    for (size_t i = 0; i < entry.size; ++i) ASSERT_EQ(bytes[i], entry.pattern);
    ASSERT_TRUE(heap.Free(bytes).ok());
  }
  KernelHeapStats stats = heap.Stats();
  EXPECT_EQ(stats.small_objects, 0u);
  EXPECT_EQ(stats.small_bytes, 0u);
  EXPECT_EQ(stats.large_allocations, 0u);
  EXPECT_EQ(stats.large_pages, 0u);
  // Only the size classes' reserve slabs are left.
  EXPECT_EQ(source.pages_in_use(), stats.slab_pages);
  EXPECT_LE(stats.slab_pages, KernelHeap::kClassCount);
  EXPECT_EQ(heap.Shrink(), stats.slab_pages);
  EXPECT_EQ(source.pages_in_use(), 0u);
}

TEST(KernelHeap, AlignmentIsHonoured) {
  BuddyHeap buddy_heap(16 * kMiB);
  ASSERT_TRUE(buddy_heap.memory.ok());
  KernelHeap& heap = buddy_heap.heap;
  for (size_t alignment = 1; alignment <= KernelHeap::kMaxAllocationSize; alignment *= 2) {
    for (size_t size : {size_t{1}, size_t{24}, size_t{100}, size_t{700}, size_t{5000}}) {
      Result<void*> memory = heap.Allocate(size, alignment);
      ASSERT_TRUE(memory.ok()) << size << " " << alignment;
      EXPECT_EQ(reinterpret_cast<uintptr_t>(*memory) % alignment, 0u) << size << " " << alignment;
      EXPECT_TRUE(buddy_heap.memory.Contains(*memory, size));
      memset(*memory, 0xa5, size);
      ASSERT_TRUE(heap.Free(*memory).ok());
    }
  }
}

TEST(KernelHeap, LargeAllocationsArePageBlocksCountedAsHeap) {
  BuddyHeap buddy_heap(16 * kMiB);
  ASSERT_TRUE(buddy_heap.memory.ok());
  KernelHeap& heap = buddy_heap.heap;
  const PhysicalMemoryStats& physical = buddy_heap.memory.buddy().stats();
  const uint64_t free_before = physical.free_pages;
  std::vector<void*> blocks;
  for (size_t size : {kPage, kPage + 1, 1 * kMiB, 4 * kMiB}) {
    Result<void*> memory = heap.Allocate(size);
    ASSERT_TRUE(memory.ok()) << size;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(*memory) % kPage, 0u);
    memset(*memory, 0x11, size);
    blocks.push_back(*memory);
  }
  Result<void*> small = heap.Allocate(100);
  ASSERT_TRUE(small.ok());
  KernelHeapStats stats = heap.Stats();
  EXPECT_EQ(stats.large_allocations, 4u);
  EXPECT_EQ(stats.large_pages, 1u + 2 + 256 + 1024);
  EXPECT_EQ(physical.heap_pages, stats.large_pages + stats.slab_pages);
  EXPECT_EQ(physical.free_pages, free_before - physical.heap_pages);
  for (void* block : blocks) ASSERT_TRUE(heap.Free(block).ok());
  ASSERT_TRUE(heap.Free(*small).ok());
  EXPECT_EQ(heap.Stats().large_pages, 0u);
  heap.Shrink();
  EXPECT_EQ(physical.heap_pages, 0u);
  EXPECT_EQ(physical.free_pages, free_before);
  EXPECT_TRUE(buddy_heap.memory.buddy().Verify().ok());
}

TEST(KernelHeap, BadArgumentsAreRejected) {
  FakePageSource source;
  KernelHeap heap(source);
  EXPECT_EQ(heap.Allocate(16, 0).status(), Status::kInvalidArgument);
  EXPECT_EQ(heap.Allocate(16, 24).status(), Status::kInvalidArgument);
  EXPECT_EQ(heap.Allocate(16, 2 * KernelHeap::kMaxAllocationSize).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(heap.Allocate(KernelHeap::kMaxAllocationSize + 1).status(), Status::kNoMemory);
  EXPECT_EQ(heap.Allocate(SIZE_MAX).status(), Status::kNoMemory);
  EXPECT_EQ(source.allocations(), 0u);
}

TEST(KernelHeap, FreedMemoryIsReused) {
  FakePageSource source;
  KernelHeap heap(source);
  Result<void*> first = heap.Allocate(40);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(heap.Free(*first).ok());
  Result<void*> second = heap.Allocate(48);  // the same 64-byte class
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(source.allocations(), 1u);
  ASSERT_TRUE(heap.Free(*second).ok());
}

TEST(KernelHeap, ExhaustionIsNoMemoryAndRecoverable) {
  FakePageSource source(/*page_budget=*/4);
  KernelHeap heap(source);
  std::vector<void*> objects;
  while (true) {
    Result<void*> memory = heap.Allocate(200);
    if (!memory.ok()) {
      EXPECT_EQ(memory.status(), Status::kNoMemory);
      break;
    }
    objects.push_back(*memory);
  }
  EXPECT_EQ(objects.size(), 4u * 15);  // four pages of the 256-byte class
  const KernelHeapStats before = heap.Stats();
  EXPECT_EQ(heap.Allocate(8000).status(), Status::kNoMemory);
  EXPECT_EQ(heap.Allocate(16).status(), Status::kNoMemory);  // its class has no slab yet
  EXPECT_EQ(heap.Stats().small_objects, before.small_objects);
  EXPECT_EQ(heap.Stats().slab_pages, before.slab_pages);
  EXPECT_EQ(heap.Stats().large_allocations, 0u);
  ASSERT_TRUE(heap.Free(objects.back()).ok());
  objects.pop_back();
  Result<void*> again = heap.Allocate(250);
  ASSERT_TRUE(again.ok());
  objects.push_back(*again);
  for (void* object : objects) ASSERT_TRUE(heap.Free(object).ok());
}

TEST(KernelHeap, LargeExhaustionOverTheBuddyAllocator) {
  BuddyHeap buddy_heap(4 * kMiB);
  ASSERT_TRUE(buddy_heap.memory.ok());
  KernelHeap& heap = buddy_heap.heap;
  std::vector<void*> blocks;
  while (true) {
    Result<void*> memory = heap.Allocate(300 * 1024);  // order 7: 128 pages
    if (!memory.ok()) {
      EXPECT_EQ(memory.status(), Status::kNoMemory);
      break;
    }
    blocks.push_back(*memory);
  }
  EXPECT_EQ(blocks.size(), 8u);
  EXPECT_EQ(buddy_heap.memory.buddy().stats().free_pages, 0u);
  for (void* block : blocks) ASSERT_TRUE(heap.Free(block).ok());
  EXPECT_EQ(buddy_heap.memory.buddy().FreeBlocks(kMaxBuddyOrder), 1u);
}

TEST(KernelHeap, FreeRejectsWhatItDidNotHandOut) {
  BuddyHeap buddy_heap(8 * kMiB);
  ASSERT_TRUE(buddy_heap.memory.ok());
  KernelHeap& heap = buddy_heap.heap;
  EXPECT_TRUE(heap.Free(nullptr).ok());

  void* small = *heap.Allocate(100);
  void* neighbour = *heap.Allocate(100);  // keeps the slab alive after `small` is freed
  auto* small_bytes = static_cast<uint8_t*>(small);
  EXPECT_EQ(heap.Free(small_bytes + 1).status(), Status::kInvalidArgument);
  EXPECT_EQ(heap.Free(small_bytes + 16).status(), Status::kInvalidArgument);
  // The start of a slab page is a live heap block, but not one Allocate returned.
  void* slab_page =
      reinterpret_cast<void*>(rstd::AlignDown(reinterpret_cast<uintptr_t>(small), kPage));
  EXPECT_EQ(heap.Free(slab_page).status(), Status::kInvalidArgument);
  ASSERT_TRUE(heap.Free(small).ok());
  EXPECT_EQ(heap.Free(small).status(), Status::kBadState);

  void* large = *heap.Allocate(2 * kPage);
  auto* large_bytes = static_cast<uint8_t*>(large);
  EXPECT_EQ(heap.Free(large_bytes + kPage).status(), Status::kInvalidArgument);
  ASSERT_TRUE(heap.Free(large).ok());
  EXPECT_EQ(heap.Free(large).status(), Status::kInvalidArgument);

  // A page-table page from the same buddy allocator is not the heap's to free.
  BuddyAllocator& buddy = buddy_heap.memory.buddy();
  Result<uint64_t> table = buddy.AllocatePages(0, PageKind::kPageTable);
  ASSERT_TRUE(table.ok());
  void* table_pointer = reinterpret_cast<void*>(buddy_heap.memory.direct_map_base() + *table);
  EXPECT_EQ(heap.Free(table_pointer).status(), Status::kInvalidArgument);
  EXPECT_EQ(buddy.stats().page_table_pages, 1u);

  // An object of another slab cache over the same pages.
  SlabCache objects(buddy_heap.pages, SlabLayout::For(100, 8));
  void* object = *objects.Allocate();
  EXPECT_EQ(heap.Free(object).status(), Status::kInvalidArgument);
  void* object_slab = reinterpret_cast<void*>(
      rstd::AlignDown(reinterpret_cast<uintptr_t>(object), objects.layout().slab_bytes()));
  EXPECT_EQ(heap.Free(object_slab).status(), Status::kInvalidArgument);
  ASSERT_TRUE(objects.Free(object).ok());

  // Memory that never belonged to any allocator.
  void* outside = aligned_alloc(kPage, kPage);
  memset(outside, 0, kPage);
  EXPECT_EQ(heap.Free(static_cast<uint8_t*>(outside) + 64).status(), Status::kInvalidArgument);
  EXPECT_EQ(heap.Free(outside).status(), Status::kInvalidArgument);
  free(outside);

  ASSERT_TRUE(heap.Free(neighbour).ok());
  EXPECT_EQ(heap.Stats().small_objects, 0u);
  EXPECT_TRUE(buddy.Verify().ok());
}

TEST(KernelHeap, RandomWorkloadKeepsEveryAllocationIntact) {
  BuddyHeap buddy_heap(32 * kMiB);
  ASSERT_TRUE(buddy_heap.memory.ok());
  KernelHeap& heap = buddy_heap.heap;
  BuddyAllocator& buddy = buddy_heap.memory.buddy();
  const uint64_t free_before = buddy.stats().free_pages;

  struct Live {
    size_t size;
    uint8_t pattern;
  };
  std::map<uintptr_t, Live> live;
  std::vector<uintptr_t> order;
  std::mt19937_64 rng(0x4845'4150);
  uint64_t failures = 0;
  for (int op = 0; op < 20000; ++op) {
    if (rng() % 100 < 55 || live.empty()) {
      // Mostly small sizes, log-uniform; sometimes pages; rarely up to 1 MiB.
      uint64_t roll = rng() % 100;
      size_t limit = roll < 85 ? 2048 : roll < 99 ? 64 * 1024 : 1024 * 1024;
      int max_shift = 63 - __builtin_clzll(limit);
      size_t size = rng() % ((size_t{1} << (rng() % (max_shift + 1))) + 1);
      size_t alignment = rng() % 10 == 0 ? size_t{1} << (rng() % 13) : 16;
      Result<void*> memory = heap.Allocate(size, alignment);
      if (!memory.ok()) {
        ASSERT_EQ(memory.status(), Status::kNoMemory);
        ++failures;
        continue;
      }
      auto address = reinterpret_cast<uintptr_t>(*memory);
      ASSERT_EQ(address % alignment, 0u);
      ASSERT_TRUE(buddy_heap.memory.Contains(*memory, size));
      size_t extent = size == 0 ? 1 : size;
      auto next = live.lower_bound(address);
      if (next != live.end()) ASSERT_GE(next->first, address + extent);
      if (next != live.begin()) {
        auto previous = std::prev(next);
        ASSERT_LE(previous->first + rstd::Max<size_t>(previous->second.size, 1), address);
      }
      auto pattern = static_cast<uint8_t>(rng());
      memset(*memory, pattern, size);
      live[address] = Live{size, pattern};
      order.push_back(address);
    } else {
      size_t pick = rng() % order.size();
      uintptr_t address = order[pick];
      order[pick] = order.back();
      order.pop_back();
      Live entry = live.at(address);
      auto* bytes = reinterpret_cast<uint8_t*>(address);
      for (size_t i = 0; i < entry.size; ++i) ASSERT_EQ(bytes[i], entry.pattern) << op;
      ASSERT_TRUE(heap.Free(bytes).ok());
      live.erase(address);
    }
    if (op % 2000 == 0) {
      ASSERT_TRUE(buddy.Verify().ok());
      KernelHeapStats stats = heap.Stats();
      ASSERT_EQ(stats.small_objects + stats.large_allocations, live.size());
      ASSERT_EQ(buddy.stats().heap_pages, stats.slab_pages + stats.large_pages);
    }
  }
  for (auto& [address, entry] : live) ASSERT_TRUE(heap.Free(reinterpret_cast<void*>(address)).ok());
  heap.Shrink();
  EXPECT_EQ(buddy.stats().heap_pages, 0u);
  EXPECT_EQ(buddy.stats().free_pages, free_before);
  EXPECT_EQ(buddy.FreeBlocks(kMaxBuddyOrder), 8u);
  EXPECT_TRUE(buddy.Verify().ok());
  // Failures are allowed (fragmentation near 32 MiB) but must stay rare.
  EXPECT_LT(failures, 200u);
}

TEST(BuddyPageSource, AddressesBlocksThroughTheDirectMap) {
  HostPhysicalMemory memory(8 * kMiB);
  ASSERT_TRUE(memory.ok());
  BuddyPageSource pages(memory.buddy(), memory.direct_map_base(), PageKind::kUser);
  Result<void*> block = pages.AllocatePages(3);
  ASSERT_TRUE(block.ok());
  EXPECT_TRUE(memory.Contains(*block, 8 * kPage));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(*block) % (8 * kPage), 0u);
  EXPECT_EQ(memory.buddy().stats().user_pages, 8u);
  Result<uint32_t> order = pages.BlockOrder(*block);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, 3u);
  EXPECT_EQ(pages.FreePages(*block, 2).status(), Status::kInvalidArgument);
  ASSERT_TRUE(pages.FreePages(*block, 3).ok());
  EXPECT_FALSE(pages.BlockOrder(*block).ok());
  EXPECT_EQ(pages.FreePages(*block, 3).status(), Status::kInvalidArgument);
  EXPECT_EQ(pages.AllocatePages(kMaxBuddyOrder + 1).status(), Status::kInvalidArgument);
}

TEST(BuddyPageSource, RefusesOrdersTheDirectMapCannotAlign) {
  HostPhysicalMemory memory(8 * kMiB);
  ASSERT_TRUE(memory.ok());
  // A direct map only page aligned: order-0 blocks are fine, larger ones would be misaligned.
  BuddyPageSource pages(memory.buddy(), memory.direct_map_base() + kPage, PageKind::kHeap);
  EXPECT_EQ(pages.AllocatePages(1).status(), Status::kUnsupported);
  EXPECT_EQ(memory.buddy().stats().heap_pages, 0u);
  Result<void*> page = pages.AllocatePages(0);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(pages.FreePages(*page, 0).ok());
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
TEST(KernelHeapDeathTest, OverrunsAreCaughtBySanitizer) {
  FakePageSource source;
  KernelHeap heap(source);
  auto* small = static_cast<volatile uint8_t*>(*heap.Allocate(20));
  small[19] = 1;
  EXPECT_DEATH(small[20] = 1, "use-after-poison");
  auto* large = static_cast<volatile uint8_t*>(*heap.Allocate(5000));
  large[4999] = 1;
  EXPECT_DEATH(large[5000] = 1, "use-after-poison");
  ASSERT_TRUE(heap.Free(const_cast<uint8_t*>(small)).ok());
  ASSERT_TRUE(heap.Free(const_cast<uint8_t*>(large)).ok());
}
#endif
#endif

}  // namespace
}  // namespace raeen::kernel
