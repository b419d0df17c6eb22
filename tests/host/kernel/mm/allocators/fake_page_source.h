#pragma once
// A PageSource for tests: naturally aligned blocks from the host allocator, an optional page
// budget (to exhaust it), counters, and switches that make it misbehave the ways a broken
// source could. Released blocks stay allocated (and poisoned under ASan) until the fake is
// destroyed, so that a stale read by the code under test is caught rather than undefined.

#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>

#include <map>

#include "kernel/mm/slab_cache.h"

namespace raeen::kernel::testing {

class FakePageSource final : public PageSource {
 public:
  static constexpr uint32_t kMaxOrder = 10;

  explicit FakePageSource(uint64_t page_budget = UINT64_MAX) : page_budget_(page_budget) {}
  ~FakePageSource() {
    for (auto& [address, block] : blocks_) {
      ASAN_UNPOISON_MEMORY_REGION(block.memory, block.bytes);
      free(block.memory);
    }
  }
  FakePageSource(const FakePageSource&) = delete;
  FakePageSource& operator=(const FakePageSource&) = delete;

  Result<void*> AllocatePages(uint32_t order) override {
    if (order > kMaxOrder) return Error(Status::kInvalidArgument);
    uint64_t pages = uint64_t{1} << order;
    if (pages > page_budget_ - pages_in_use_) return Error(Status::kNoMemory);
    size_t bytes = kPageBytes << order;
    // Misaligned mode: hand out the second half of a double-size block, aligned only to a page.
    size_t allocation = misalign_ ? 2 * bytes : bytes;
    void* memory = aligned_alloc(allocation, allocation);
    if (memory == nullptr) return Error(Status::kNoMemory);
    auto* block = static_cast<uint8_t*>(memory) + (misalign_ ? kPageBytes : 0);
    blocks_[reinterpret_cast<uintptr_t>(block)] = Block{memory, allocation, order, true};
    pages_in_use_ += pages;
    ++allocations_;
    return static_cast<void*>(block);
  }

  Result<void> FreePages(void* pages, uint32_t order) override {
    if (refuse_frees_) return Error(Status::kBadState);
    auto it = blocks_.find(reinterpret_cast<uintptr_t>(pages));
    if (it == blocks_.end() || !it->second.live || it->second.order != order) {
      return Error(Status::kInvalidArgument);
    }
    it->second.live = false;
    ASAN_POISON_MEMORY_REGION(pages, kPageBytes << order);
    pages_in_use_ -= uint64_t{1} << order;
    ++frees_;
    return {};
  }

  Result<uint32_t> BlockOrder(const void* pages) const override {
    auto it = blocks_.find(reinterpret_cast<uintptr_t>(pages));
    if (it == blocks_.end() || !it->second.live) return Error(Status::kInvalidArgument);
    return it->second.order;
  }

  uint64_t pages_in_use() const { return pages_in_use_; }
  uint64_t allocations() const { return allocations_; }
  uint64_t frees() const { return frees_; }
  void set_page_budget(uint64_t pages) { page_budget_ = pages; }
  void set_misalign(bool misalign) { misalign_ = misalign; }
  void set_refuse_frees(bool refuse) { refuse_frees_ = refuse; }

 private:
  struct Block {
    void* memory;
    size_t bytes;
    uint32_t order;
    bool live;
  };

  uint64_t page_budget_;
  uint64_t pages_in_use_ = 0;
  uint64_t allocations_ = 0;
  uint64_t frees_ = 0;
  bool misalign_ = false;
  bool refuse_frees_ = false;
  std::map<uintptr_t, Block> blocks_;
};

}  // namespace raeen::kernel::testing
