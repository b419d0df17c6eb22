// A randomized run of the buddy allocator (fixed seed) checked after every operation against a
// simple model: the set of allocated blocks and the pages per kind.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "kernel/mm/buddy_allocator.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kPage = kPageFrameSize;
constexpr uint64_t kMiB = 1024 * 1024;

struct Range {
  uint64_t base;
  uint64_t size;
};

struct Block {
  uint32_t order;
  PageKind kind;
};

class BuddyModel {
 public:
  BuddyModel(uint64_t span_base, uint64_t span_size) : frames_(span_size / kPage) {
    Result<BuddyAllocator> created = BuddyAllocator::Create(
        span_base, span_size, rstd::Span<PageFrame>(frames_.data(), frames_.size()));
    EXPECT_TRUE(created.ok());
    allocator_ = created.value();
  }

  void AddRange(Range range) {
    ASSERT_TRUE(allocator_.AddRange(range.base, range.size).ok());
    // Reclaimed reserved memory stops being counted as reserved.
    for (size_t i = 0; i < reserved_.size(); ++i) {
      if (reserved_[i].base == range.base && reserved_[i].size == range.size) {
        expected_.reserved_pages -= range.size / kPage;
        reserved_.erase(reserved_.begin() + static_cast<ptrdiff_t>(i));
        break;
      }
    }
    expected_.free_pages += range.size / kPage;
    added_.push_back(range);
  }

  void Reserve(Range range) {
    ASSERT_TRUE(allocator_.ReserveRange(range.base, range.size, PageKind::kReserved).ok());
    expected_.reserved_pages += range.size / kPage;
    reserved_.push_back(range);
  }

  bool InAddedRange(uint64_t base, uint64_t size) const {
    for (const Range& range : added_) {
      if (base >= range.base && base + size <= range.base + range.size) return true;
    }
    return false;
  }

  // The live block containing `address`, or live_.end().
  std::map<uint64_t, Block>::const_iterator BlockContaining(uint64_t address) const {
    auto it = live_.upper_bound(address);
    if (it == live_.begin()) return live_.end();
    --it;
    return address < it->first + (kPage << it->second.order) ? it : live_.end();
  }

  void Allocate(uint32_t order, PageKind kind) {
    Result<uint64_t> result = allocator_.AllocatePages(order, kind);
    if (!result.ok()) {
      ASSERT_EQ(result.status(), Status::kNoMemory);
      // Exhaustion is only reported when no block of that order or larger is free.
      for (uint32_t o = order; o <= kMaxBuddyOrder; ++o) ASSERT_EQ(allocator_.FreeBlocks(o), 0u);
      return;
    }
    uint64_t base = *result;
    uint64_t size = kPage << order;
    ASSERT_EQ(base % size, 0u);
    ASSERT_TRUE(InAddedRange(base, size)) << std::hex << base;
    // No overlap with the block before or after it.
    auto next = live_.lower_bound(base);
    if (next != live_.end()) ASSERT_GE(next->first, base + size);
    ASSERT_EQ(BlockContaining(base), live_.end());
    live_[base] = Block{order, kind};
    live_list_.push_back(base);
    expected_.free_pages -= size / kPage;
    expected_.PagesOf(kind) += size / kPage;
  }

  void FreeRandom(std::mt19937_64& rng) {
    size_t pick = rng() % live_list_.size();
    uint64_t base = live_list_[pick];
    live_list_[pick] = live_list_.back();
    live_list_.pop_back();
    Block block = live_.at(base);
    ASSERT_TRUE(allocator_.FreePages(base, block.order).ok());
    live_.erase(base);
    expected_.free_pages += uint64_t{1} << block.order;
    expected_.PagesOf(block.kind) -= uint64_t{1} << block.order;
    recently_freed_.push_back(base);
    if (recently_freed_.size() > 64) recently_freed_.erase(recently_freed_.begin());
  }

  // A free the model knows to be wrong: it must fail with the right status and change nothing.
  void FreeWrongly(std::mt19937_64& rng) {
    uint64_t address = 0;
    uint32_t order = 0;
    switch (rng() % 3) {
      case 0:  // an address freed earlier
        if (recently_freed_.empty()) return;
        address = recently_freed_[rng() % recently_freed_.size()];
        order = static_cast<uint32_t>(rng() % 3);
        break;
      case 1: {  // a live block with another order
        if (live_list_.empty()) return;
        address = live_list_[rng() % live_list_.size()];
        order = (live_.at(address).order + 1) % (kMaxBuddyOrder + 1);
        break;
      }
      default: {  // inside a live block
        if (live_list_.empty()) return;
        uint64_t base = live_list_[rng() % live_list_.size()];
        uint32_t block_order = live_.at(base).order;
        if (block_order == 0) return;
        address = base + kPage * (1 + rng() % ((uint64_t{1} << block_order) - 1));
        order = static_cast<uint32_t>(rng() % 2);
        break;
      }
    }
    auto containing = BlockContaining(address);
    if (containing != live_.end() && containing->first == address &&
        containing->second.order == order) {
      return;  // reallocated since: this free would be legitimate
    }
    Status expected = containing == live_.end() ? Status::kBadState : Status::kInvalidArgument;
    ASSERT_EQ(allocator_.FreePages(address, order).status(), expected) << std::hex << address;
  }

  void FreeAll() {
    while (!live_list_.empty()) {
      std::mt19937_64 unused(0);
      FreeRandom(unused);
    }
  }

  bool has_live() const { return !live_list_.empty(); }
  BuddyAllocator& allocator() { return allocator_; }
  const PhysicalMemoryStats& expected() const { return expected_; }
  const std::vector<Range>& added() const { return added_; }

 private:
  std::vector<PageFrame> frames_;
  BuddyAllocator allocator_;
  PhysicalMemoryStats expected_{};
  std::vector<Range> added_;
  std::vector<Range> reserved_;
  std::map<uint64_t, Block> live_;
  std::vector<uint64_t> live_list_;
  std::vector<uint64_t> recently_freed_;
};

TEST(BuddyAllocatorStress, RandomOperationsMatchTheModel) {
  constexpr uint64_t kSpanBase = 1 * kMiB;
  constexpr uint64_t kSpanSize = 64 * kMiB;
  constexpr int kOperations = 30000;
  const Range kReserved = {24 * kMiB, 2 * kMiB};
  const Range kLater = {64 * kMiB, 1 * kMiB};

  BuddyModel model(kSpanBase, kSpanSize);
  // Ragged usable ranges around a reserved range; [63 MiB, 64 MiB) stays a hole.
  model.AddRange({kSpanBase + 3 * kPage, 0x9c000});
  model.AddRange({4 * kMiB + 5 * kPage, 20 * kMiB - 5 * kPage - 2 * kPage});
  model.Reserve(kReserved);
  model.AddRange({26 * kMiB, 37 * kMiB});
  ASSERT_TRUE(model.allocator().Verify().ok());

  std::mt19937_64 rng(0x5241'4545'4e4f'5321);
  int allocations = 0;
  int exhausted = 0;
  for (int op = 0; op < kOperations; ++op) {
    if (op == kOperations / 3) model.AddRange(kReserved);
    if (op == 2 * kOperations / 3) model.AddRange(kLater);
    // Phases that mostly allocate (into exhaustion) alternate with phases that mostly free.
    uint64_t allocate_percent = (op / 2500) % 2 == 0 ? 80 : 25;
    uint64_t roll = rng() % 100;
    if (roll < allocate_percent || !model.has_live()) {
      // Orders 0..10, each half as likely as the one before.
      auto order = static_cast<uint32_t>(__builtin_ctzll(rng() | (uint64_t{1} << kMaxBuddyOrder)));
      auto kind = static_cast<PageKind>(1 + rng() % 4);  // kernel, page tables, heap, user
      uint64_t free_before = model.allocator().stats().free_pages;
      ASSERT_NO_FATAL_FAILURE(model.Allocate(order, kind));
      if (model.allocator().stats().free_pages == free_before) ++exhausted;
      ++allocations;
    } else if (roll < 94) {
      ASSERT_NO_FATAL_FAILURE(model.FreeRandom(rng));
    } else {
      ASSERT_NO_FATAL_FAILURE(model.FreeWrongly(rng));
    }
    ASSERT_EQ(model.allocator().stats(), model.expected()) << "operation " << op;
    if (op % 250 == 0) ASSERT_TRUE(model.allocator().Verify().ok()) << "operation " << op;
  }
  // The run must have exercised exhaustion as well as plain allocation.
  EXPECT_GT(exhausted, 100);
  EXPECT_GT(allocations - exhausted, 5000);

  model.FreeAll();
  ASSERT_TRUE(model.allocator().Verify().ok());
  const PhysicalMemoryStats& stats = model.allocator().stats();
  uint64_t added_pages = 0;
  for (const Range& range : model.added()) added_pages += range.size / kPage;
  EXPECT_EQ(stats.free_pages, added_pages);
  EXPECT_EQ(stats.TotalPages(), stats.free_pages);

  // Everything merged back: the same free blocks as a fresh allocator given the same memory.
  BuddyModel fresh(kSpanBase, kSpanSize);
  for (const Range& range : model.added()) fresh.AddRange(range);
  for (uint32_t order = 0; order <= kMaxBuddyOrder; ++order) {
    EXPECT_EQ(model.allocator().FreeBlocks(order), fresh.allocator().FreeBlocks(order)) << order;
  }
}

}  // namespace
}  // namespace raeen::kernel
