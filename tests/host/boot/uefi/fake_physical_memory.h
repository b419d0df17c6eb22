#pragma once
// FakePhysicalMemory: a PageAllocator over an arena of host memory that pretends to live at a
// fake physical base, for testing PageTableBuilder without hardware. Allocation fails with
// kNoMemory once `limit` pages are handed out; TableAt() fails the test for any address that is
// not an allocated page.

#include <gtest/gtest.h>
#include <stdint.h>

#include <array>
#include <vector>

#include "boot/uefi/page_table_builder.h"

namespace raeen::boot {

class FakePhysicalMemory final : public PageAllocator {
 public:
  static constexpr uint64_t kBase = 0x0000001234000000;
  static constexpr uint64_t kPage = 4096;

  explicit FakePhysicalMemory(size_t limit) : limit_(limit) { pages_.reserve(limit); }

  Result<uint64_t> AllocateZeroedPage() override {
    if (pages_.size() >= limit_) return Error(Status::kNoMemory);
    pages_.emplace_back();
    pages_.back().fill(0);
    return kBase + (pages_.size() - 1) * kPage;
  }

  uint64_t* TableAt(uint64_t phys) override {
    uint64_t index = (phys - kBase) / kPage;
    if (phys < kBase || phys % kPage != 0 || index >= pages_.size()) {
      ADD_FAILURE() << "table access to unallocated physical address 0x" << std::hex << phys;
      return dummy_.data();
    }
    return pages_[index].data();
  }

  void set_limit(size_t limit) {
    limit_ = limit;
    pages_.reserve(limit);
  }
  size_t allocated() const { return pages_.size(); }
  // Every entry of every table page, for whole-table checks.
  const std::vector<std::array<uint64_t, 512>>& pages() const { return pages_; }

 private:
  size_t limit_;
  std::vector<std::array<uint64_t, 512>> pages_;
  std::array<uint64_t, 512> dummy_ = {};
};

}  // namespace raeen::boot
