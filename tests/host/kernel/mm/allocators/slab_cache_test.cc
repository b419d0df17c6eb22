#include "kernel/mm/slab_cache.h"

#include <gtest/gtest.h>
#include <string.h>

#include <set>
#include <vector>

#include "tests/host/kernel/mm/allocators/fake_page_source.h"

namespace raeen::kernel {
namespace {

using testing::FakePageSource;

constexpr uint64_t kPage = PageSource::kPageBytes;

TEST(SlabLayout, PacksObjectsAfterTheHeader) {
  SlabLayout layout = SlabLayout::For(24, 8);
  ASSERT_TRUE(layout.valid());
  EXPECT_EQ(layout.slab_order, 0u);
  EXPECT_EQ(layout.object_size, 24u);
  EXPECT_EQ(layout.first_object, kSlabHeaderSize);
  EXPECT_EQ(layout.capacity, (kPage - kSlabHeaderSize) / 24);

  // Alignment rounds both the stride and the first object up.
  SlabLayout aligned = SlabLayout::For(40, 64);
  EXPECT_EQ(aligned.object_size, 64u);
  EXPECT_EQ(aligned.first_object, 128u);
  EXPECT_EQ(aligned.capacity, (kPage - 128) / 64);
}

TEST(SlabLayout, CapacityIsCappedByTheBitmap) {
  SlabLayout tiny = SlabLayout::For(1, 1);
  EXPECT_EQ(tiny.capacity, SlabLayout::kMaxObjectsPerSlab);
  EXPECT_EQ(tiny.slab_order, 0u);
}

TEST(SlabLayout, AutoOrderPicksTheSmallestSlabWithEightObjects) {
  // 3000 bytes: 1 per page, 2 per 2 pages, 5 per 4 pages, 10 per 8 pages.
  SlabLayout layout = SlabLayout::For(3000, 8);
  EXPECT_EQ(layout.slab_order, 3u);
  EXPECT_EQ(layout.capacity, 10u);
  // 20000 bytes never reaches eight: the largest slab, which holds three.
  SlabLayout big = SlabLayout::For(20000, 8);
  EXPECT_EQ(big.slab_order, SlabLayout::kMaxSlabOrder);
  EXPECT_EQ(big.capacity, 3u);
  // An explicit order is taken as is.
  EXPECT_EQ(SlabLayout::For(3000, 8, 0).capacity, 1u);
}

TEST(SlabLayout, ImpossibleRequestsAreInvalid) {
  EXPECT_FALSE(SlabLayout::For(0, 8).valid());
  EXPECT_FALSE(SlabLayout::For(16, 0).valid());
  EXPECT_FALSE(SlabLayout::For(16, 24).valid());
  EXPECT_FALSE(SlabLayout::For(16, 2 * kPage).valid());
  EXPECT_FALSE(SlabLayout::For((kPage << SlabLayout::kMaxSlabOrder) + 1, 8).valid());
  EXPECT_FALSE(SlabLayout::For(kPage, 8, 0).valid());  // the header leaves no room
  EXPECT_FALSE(SlabLayout::For(16, 8, SlabLayout::kMaxSlabOrder + 1).valid());
  EXPECT_FALSE(SlabLayout::For(64, kPage, 0).valid());
  EXPECT_TRUE(SlabLayout::For(64, kPage, 1).valid());
}

TEST(SlabCache, ObjectsAreDistinctAlignedAndWritable) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(40, 64));
  std::vector<void*> objects;
  std::set<uintptr_t> seen;
  for (int i = 0; i < 1000; ++i) {
    Result<void*> object = cache.Allocate();
    ASSERT_TRUE(object.ok());
    auto address = reinterpret_cast<uintptr_t>(*object);
    EXPECT_EQ(address % 64, 0u);
    EXPECT_TRUE(seen.insert(address).second);
    memset(*object, i & 0xff, 64);
    objects.push_back(*object);
  }
  // Neighbours do not overlap: each still holds its own pattern.
  for (size_t i = 0; i < objects.size(); ++i) {
    auto* bytes = static_cast<uint8_t*>(objects[i]);
    EXPECT_EQ(bytes[0], i & 0xff);
    EXPECT_EQ(bytes[63], i & 0xff);
  }
  SlabCacheStats stats = cache.Stats();
  EXPECT_EQ(stats.objects_in_use, 1000u);
  uint64_t capacity = cache.layout().capacity;
  EXPECT_EQ(stats.slabs_full + stats.slabs_partial, (1000 + capacity - 1) / capacity);
  EXPECT_EQ(stats.pages, source.pages_in_use());
  for (void* object : objects) ASSERT_TRUE(cache.Free(object).ok());
  EXPECT_EQ(cache.Stats().objects_in_use, 0u);
}

TEST(SlabCache, FreedSlotsAreReused) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(32, 16));
  Result<void*> a = cache.Allocate();
  Result<void*> b = cache.Allocate();
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(cache.Free(*a).ok());
  Result<void*> c = cache.Allocate();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, *a);
  EXPECT_EQ(source.allocations(), 1u);
}

TEST(SlabCache, SlabsMoveBetweenFullPartialAndEmpty) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(512, 512, 0));  // 7 per slab
  const uint32_t capacity = cache.layout().capacity;
  ASSERT_EQ(capacity, 7u);
  std::vector<void*> objects;
  for (uint32_t i = 0; i < capacity; ++i) objects.push_back(*cache.Allocate());
  EXPECT_EQ(cache.Stats().slabs_full, 1u);
  EXPECT_EQ(cache.Stats().slabs_partial, 0u);
  objects.push_back(*cache.Allocate());
  EXPECT_EQ(cache.Stats().slabs_full, 1u);
  EXPECT_EQ(cache.Stats().slabs_partial, 1u);
  ASSERT_TRUE(cache.Free(objects[0]).ok());
  EXPECT_EQ(cache.Stats().slabs_full, 0u);
  EXPECT_EQ(cache.Stats().slabs_partial, 2u);
  EXPECT_EQ(cache.Stats().objects_free, 2u * capacity - 7);
  // Allocation fills a partial slab before it takes a new one.
  objects[0] = *cache.Allocate();
  EXPECT_EQ(source.allocations(), 2u);
  ASSERT_TRUE(cache.Free(objects.back()).ok());
  EXPECT_EQ(cache.Stats().slabs_empty, 1u);
  EXPECT_EQ(cache.Stats().slabs_full, 1u);
  for (uint32_t i = 0; i < capacity; ++i) ASSERT_TRUE(cache.Free(objects[i]).ok());
}

TEST(SlabCache, EmptySlabsBeyondTheReserveGoBack) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(256, 16), /*empty_reserve=*/1);
  const uint32_t capacity = cache.layout().capacity;
  std::vector<void*> objects;
  for (uint32_t i = 0; i < 4 * capacity; ++i) objects.push_back(*cache.Allocate());
  EXPECT_EQ(source.pages_in_use(), 4u);
  for (void* object : objects) ASSERT_TRUE(cache.Free(object).ok());
  // One empty slab is kept; the other three went back.
  EXPECT_EQ(source.pages_in_use(), 1u);
  EXPECT_EQ(source.frees(), 3u);
  EXPECT_EQ(cache.Stats().slabs_empty, 1u);
  // The kept slab serves the next allocation without the page source.
  ASSERT_TRUE(cache.Allocate().ok());
  EXPECT_EQ(source.allocations(), 4u);
}

TEST(SlabCache, ShrinkAndDestructionReturnEverySlab) {
  FakePageSource source;
  {
    SlabCache cache(source, SlabLayout::For(100, 8), /*empty_reserve=*/4);
    std::vector<void*> objects;
    for (int i = 0; i < 200; ++i) objects.push_back(*cache.Allocate());
    for (void* object : objects) ASSERT_TRUE(cache.Free(object).ok());
    EXPECT_EQ(cache.Stats().slabs_empty, 4u);
    EXPECT_EQ(cache.Shrink(), 4u);
    EXPECT_EQ(source.pages_in_use(), 0u);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(cache.Allocate().ok());
    EXPECT_EQ(source.pages_in_use(), 1u);
  }
  // The cache had live objects: it keeps their slab (the owner's bug, not memory corruption).
  EXPECT_EQ(source.pages_in_use(), 1u);
  {
    SlabCache cache(source, SlabLayout::For(100, 8));
    void* object = *cache.Allocate();
    ASSERT_TRUE(cache.Free(object).ok());
    EXPECT_EQ(source.pages_in_use(), 2u);
  }
  EXPECT_EQ(source.pages_in_use(), 1u);
}

TEST(SlabCache, MultiPageSlabsFindTheirHeader) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(3000, 8));
  ASSERT_EQ(cache.layout().slab_order, 3u);
  std::vector<void*> objects;
  for (int i = 0; i < 35; ++i) {
    Result<void*> object = cache.Allocate();
    ASSERT_TRUE(object.ok());
    memset(*object, 0x5a, 3000);
    objects.push_back(*object);
  }
  EXPECT_EQ(source.pages_in_use(), 4u * 8);
  EXPECT_EQ(SlabCache::OwnerOf(objects[13], 3), &cache);
  for (void* object : objects) ASSERT_TRUE(cache.Free(object).ok());
  EXPECT_EQ(source.pages_in_use(), 8u);
}

TEST(SlabCache, PageSourceExhaustionIsNoMemory) {
  FakePageSource source(/*page_budget=*/2);
  SlabCache cache(source, SlabLayout::For(1024, 16, 0));  // 3 per page
  std::vector<void*> objects;
  for (int i = 0; i < 6; ++i) {
    Result<void*> object = cache.Allocate();
    ASSERT_TRUE(object.ok());
    objects.push_back(*object);
  }
  const SlabCacheStats before = cache.Stats();
  EXPECT_EQ(cache.Allocate().status(), Status::kNoMemory);
  EXPECT_EQ(cache.Allocate().status(), Status::kNoMemory);
  EXPECT_EQ(cache.Stats().objects_in_use, before.objects_in_use);
  EXPECT_EQ(cache.Stats().pages, before.pages);
  ASSERT_TRUE(cache.Free(objects[4]).ok());
  Result<void*> again = cache.Allocate();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, objects[4]);
}

TEST(SlabCache, BadFreesAreRejectedAndChangeNothing) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(48, 16));
  SlabCache other(source, SlabLayout::For(48, 16));
  void* object = *cache.Allocate();
  void* kept = *cache.Allocate();
  void* foreign = *other.Allocate();
  auto* bytes = static_cast<uint8_t*>(object);
  uint8_t* slab = bytes - cache.layout().first_object;

  EXPECT_EQ(cache.Free(nullptr).status(), Status::kInvalidArgument);
  EXPECT_EQ(cache.Free(bytes + 8).status(), Status::kInvalidArgument);
  EXPECT_EQ(cache.Free(slab + 8).status(), Status::kInvalidArgument);  // in the header
  EXPECT_EQ(cache.Free(foreign).status(), Status::kInvalidArgument);
  // A slot past the capacity, in the slab's tail.
  EXPECT_EQ(cache
                .Free(slab + cache.layout().first_object +
                      cache.layout().capacity * cache.layout().object_size)
                .status(),
            Status::kInvalidArgument);
  EXPECT_EQ(cache.Stats().objects_in_use, 2u);

  ASSERT_TRUE(cache.Free(object).ok());
  EXPECT_EQ(cache.Free(object).status(), Status::kBadState);
  EXPECT_EQ(cache.Stats().objects_in_use, 1u);
  ASSERT_TRUE(cache.Free(kept).ok());
  ASSERT_TRUE(other.Free(foreign).ok());
}

TEST(SlabCache, InvalidLayoutNeverAllocates) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(0, 8));
  EXPECT_EQ(cache.Allocate().status(), Status::kInvalidArgument);
  EXPECT_EQ(source.allocations(), 0u);
}

TEST(SlabCache, MisalignedBlocksFromTheSourceAreRefused) {
  FakePageSource source;
  source.set_misalign(true);
  SlabCache cache(source, SlabLayout::For(3000, 8));  // 32 KiB slabs; the fake aligns to 4 KiB
  EXPECT_EQ(cache.Allocate().status(), Status::kBadState);
  EXPECT_EQ(source.pages_in_use(), 0u);
  EXPECT_EQ(cache.Stats().pages, 0u);
}

TEST(SlabCache, RefusedReleasesAreCountedAndTheSlabIsKept) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(2000, 16, 0), /*empty_reserve=*/0);
  void* object = *cache.Allocate();
  source.set_refuse_frees(true);
  ASSERT_TRUE(cache.Free(object).ok());
  EXPECT_EQ(cache.Stats().source_errors, 1u);
  EXPECT_EQ(cache.Stats().slabs_empty, 1u);
  // The kept slab is still usable.
  Result<void*> again = cache.Allocate();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, object);
  source.set_refuse_frees(false);
  ASSERT_TRUE(cache.Free(*again).ok());
  EXPECT_EQ(source.pages_in_use(), 0u);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
TEST(SlabCacheDeathTest, TouchingAFreedObjectIsCaughtBySanitizer) {
  FakePageSource source;
  SlabCache cache(source, SlabLayout::For(64, 16));
  void* object = *cache.Allocate();
  void* neighbour = *cache.Allocate();
  ASSERT_TRUE(cache.Free(object).ok());
  EXPECT_DEATH(*static_cast<volatile uint8_t*>(object) = 1, "use-after-poison");
  ASSERT_TRUE(cache.Free(neighbour).ok());
}
#endif
#endif

}  // namespace
}  // namespace raeen::kernel
