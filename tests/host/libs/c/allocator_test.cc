#include "libs/c/allocator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "libs/c/c_errno.h"
#include "tests/host/libs/c/fake_platform.h"

namespace raeen::libc {
namespace {

TEST(Allocator, SizeClassesCoverEverySmallSize) {
  size_t previous = 0;
  for (size_t size_class = 0; size_class < Allocator::kClassCount; ++size_class) {
    size_t bytes = Allocator::ClassSize(size_class);
    EXPECT_GT(bytes, previous);
    EXPECT_EQ(bytes % Allocator::kAlignment, 0u);
    previous = bytes;
  }
  EXPECT_EQ(previous, Allocator::kMaxSmall);
  for (size_t size = 0; size <= Allocator::kMaxSmall; ++size) {
    size_t size_class = Allocator::ClassOf(size);
    ASSERT_LT(size_class, Allocator::kClassCount) << size;
    ASSERT_GE(Allocator::ClassSize(size_class), size) << size;
    // The smallest class that fits: at most 25% (or 16 bytes) of waste.
    if (size_class > 0) ASSERT_LT(Allocator::ClassSize(size_class - 1), size) << size;
  }
}

struct Live {
  unsigned char* block;
  size_t size;
  unsigned char fill;
};

void Fill(const Live& live) {
  std::memset(live.block, live.fill, live.size);
}
bool Intact(const Live& live) {
  for (size_t i = 0; i < live.size; ++i) {
    if (live.block[i] != live.fill) return false;
  }
  return true;
}

// Random malloc/free/realloc/calloc/aligned_alloc with every block's contents checked, every
// pointer aligned, and no two live blocks overlapping.
TEST(Allocator, RandomStress) {
  std::mt19937_64 random(4242);
  std::vector<Live> live;
  std::map<uintptr_t, uintptr_t> ranges;  // start -> end of live blocks
  auto insert_range = [&](const Live& block) {
    uintptr_t start = reinterpret_cast<uintptr_t>(block.block);
    uintptr_t end = start + std::max<size_t>(block.size, 1);
    auto next = ranges.lower_bound(start);
    ASSERT_TRUE(next == ranges.end() || next->first >= end) << "overlaps a later block";
    if (next != ranges.begin()) {
      ASSERT_LE(std::prev(next)->second, start) << "overlaps an earlier block";
    }
    ranges[start] = end;
  };
  auto pick_size = [&]() -> size_t {
    switch (random() % 10) {
      case 0: return random() % 200000;  // large
      case 1: return 0;
      default: return random() % (1u << (random() % 14));
    }
  };
  for (int step = 0; step < 30000; ++step) {
    unsigned action = random() % 10;
    if (action < 4 || live.empty()) {
      Live block{nullptr, pick_size(), static_cast<unsigned char>(random())};
      size_t alignment = 16;
      if (action == 0) {
        alignment = size_t{1} << (random() % 13);
        block.block = static_cast<unsigned char*>(AlignedAlloc(alignment, block.size));
      } else if (action == 1) {
        block.block = static_cast<unsigned char*>(Calloc(1, block.size));
        ASSERT_NE(block.block, nullptr);
        for (size_t i = 0; i < block.size; ++i) ASSERT_EQ(block.block[i], 0);
      } else {
        block.block = static_cast<unsigned char*>(Malloc(block.size));
      }
      ASSERT_NE(block.block, nullptr);
      ASSERT_EQ(reinterpret_cast<uintptr_t>(block.block) % std::max<size_t>(alignment, 16), 0u);
      ASSERT_GE(MallocUsableSize(block.block), block.size);
      Fill(block);
      insert_range(block);
      live.push_back(block);
    } else if (action < 7) {
      size_t index = random() % live.size();
      Live block = live[index];
      ASSERT_TRUE(Intact(block));
      ranges.erase(reinterpret_cast<uintptr_t>(block.block));
      Free(block.block);
      live[index] = live.back();
      live.pop_back();
    } else {
      size_t index = random() % live.size();
      Live& block = live[index];
      ASSERT_TRUE(Intact(block));
      ranges.erase(reinterpret_cast<uintptr_t>(block.block));
      size_t new_size = pick_size();
      auto* moved = static_cast<unsigned char*>(Realloc(block.block, new_size));
      ASSERT_NE(moved, nullptr);
      ASSERT_EQ(reinterpret_cast<uintptr_t>(moved) % 16, 0u);
      block.block = moved;
      size_t kept = std::min(block.size, new_size);
      for (size_t i = 0; i < kept; ++i) ASSERT_EQ(moved[i], block.fill);
      block.size = new_size;
      block.fill = static_cast<unsigned char>(random());
      Fill(block);
      insert_range(block);
    }
  }
  for (const Live& block : live) {
    ASSERT_TRUE(Intact(block));
    Free(block.block);
  }
}

TEST(Allocator, ReallocGrowsInPlaceWithinTheClassAndKeepsContents) {
  auto* block = static_cast<char*>(Malloc(20));  // the 32-byte class
  std::strcpy(block, "0123456789");
  EXPECT_EQ(Realloc(block, 32), block);
  EXPECT_EQ(Realloc(block, 1), block);
  char* moved = static_cast<char*>(Realloc(block, 5000));
  EXPECT_STREQ(moved, "0123456789");
  Free(moved);
  char* fresh = static_cast<char*>(Realloc(nullptr, 10));
  ASSERT_NE(fresh, nullptr);
  Free(fresh);
  Free(nullptr);
}

TEST(Allocator, FreedSmallBlocksAreReused) {
  void* first = Malloc(100);
  Free(first);
  void* second = Malloc(100);
  EXPECT_EQ(first, second);
  Free(second);
}

TEST(Allocator, LargeBlocksGoBackToThePlatform) {
  size_t before = testing::Fake().free_pages_calls.load();
  void* block = Malloc(Allocator::kMaxSmall + 1);
  ASSERT_NE(block, nullptr);
  Free(block);
  EXPECT_EQ(testing::Fake().free_pages_calls.load(), before + 1);
}

TEST(Allocator, OutOfMemoryIsNullAndEnomem) {
  SetErrno(0);
  EXPECT_EQ(Malloc(SIZE_MAX - 10), nullptr);
  EXPECT_EQ(Errno(), RAEEN_ENOMEM);
  SetErrno(0);
  EXPECT_EQ(Calloc(SIZE_MAX / 2, 4), nullptr);
  EXPECT_EQ(Errno(), RAEEN_ENOMEM);
  SetErrno(0);
  EXPECT_EQ(AlignedAlloc(24, 10), nullptr);
  EXPECT_EQ(Errno(), RAEEN_EINVAL);

  // A private heap whose platform has run dry.
  Allocator heap(PageSource{[](size_t) -> void* { return nullptr; }, [](void*, size_t) {},
                            RaeenPlatformAbort});
  EXPECT_EQ(heap.Allocate(10), nullptr);
  EXPECT_EQ(heap.Allocate(100000), nullptr);
  EXPECT_EQ(heap.AllocateAligned(64, 10), nullptr);
  // Realloc that cannot move leaves the block alone.
  void* block = Malloc(10);
  testing::Fake().pages_exhausted = true;
  SetErrno(0);
  EXPECT_EQ(Realloc(block, 1 << 20), nullptr);
  EXPECT_EQ(Errno(), RAEEN_ENOMEM);
  testing::Fake().pages_exhausted = false;
  Free(block);
}

TEST(Allocator, ThreadsDoNotCorruptTheHeap) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      std::mt19937 random(static_cast<unsigned>(t));
      std::vector<std::pair<unsigned char*, size_t>> mine;
      for (int i = 0; i < 20000; ++i) {
        if (mine.size() < 64 && random() % 2) {
          size_t size = random() % 3000;
          auto* block = static_cast<unsigned char*>(Malloc(size));
          std::memset(block, t, size);
          mine.emplace_back(block, size);
        } else if (!mine.empty()) {
          auto [block, size] = mine.back();
          mine.pop_back();
          for (size_t j = 0; j < size; ++j) ASSERT_EQ(block[j], t);
          Free(block);
        }
      }
      for (auto [block, size] : mine) Free(block);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST(Allocator, AlignedBlocks) {
  for (size_t alignment = 1; alignment <= 65536; alignment *= 2) {
    for (size_t size : {0, 1, 100, 5000, 70000}) {
      void* block = AlignedAlloc(alignment, size);
      ASSERT_NE(block, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % std::max<size_t>(alignment, 16), 0u);
      EXPECT_GE(MallocUsableSize(block), size);
      std::memset(block, 0xab, size);
      void* moved = Realloc(block, size + 100000);
      ASSERT_NE(moved, nullptr);
      for (size_t i = 0; i < size; ++i) ASSERT_EQ(static_cast<unsigned char*>(moved)[i], 0xab);
      Free(moved);
    }
  }
}

TEST(AllocatorDeathTest, DoubleFreeAborts) {
  EXPECT_DEATH(
      {
        void* block = Malloc(40);
        Free(block);
        Free(block);
      },
      "already freed");
  EXPECT_DEATH(
      {
        void* block = AlignedAlloc(256, 40);
        Free(block);
        Free(block);
      },
      "already freed");
}

TEST(AllocatorDeathTest, ForeignPointersAbort) {
  EXPECT_DEATH(
      {
        alignas(16) static unsigned char not_heap[64] = {};
        Free(not_heap + 16);
      },
      "not from malloc");
  EXPECT_DEATH(
      {
        auto* block = static_cast<char*>(Malloc(64));
        Free(block + 8);
      },
      "misaligned");
}

}  // namespace
}  // namespace raeen::libc
