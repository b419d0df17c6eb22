#pragma once
// Fakes behind PageTable in the host tests:
//   FakeTableMemory  the table-page allocator and the physical memory access, over an arena of
//                    host pages that pretends to live at a fake physical base. Allocation can
//                    be made to fail after N more successes; touching a page that is not
//                    allocated, or freeing one twice, fails the test.
//   RecordingTlb     a TlbInvalidator that records every call.
// Both write into an optional shared event log, so that tests can check that table pages are
// freed only after the invalidations that make it safe.

#include <gtest/gtest.h>
#include <stdint.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kernel/mm/page_table.h"

namespace raeen::kernel {

using TablePage = std::array<uint64_t, kEntriesPerTable>;

class FakeTableMemory final : public PageTableAllocator, public PhysicalMemoryAccess {
 public:
  static constexpr uint64_t kBase = 0x0000001234000000;

  explicit FakeTableMemory(size_t capacity = 4096) : pages_(capacity), live_(capacity, false) {
    for (size_t i = capacity; i > 0; --i) free_.push_back(i - 1);
  }

  Result<uint64_t> AllocateTablePage() override {
    if (budget_.has_value()) {
      if (*budget_ == 0) return Error(Status::kNoMemory);
      --*budget_;
    }
    if (free_.empty()) return Error(Status::kNoMemory);
    size_t index = free_.back();
    free_.pop_back();
    pages_[index].fill(0);
    live_[index] = true;
    ++live_count_;
    ++allocations_;
    return kBase + index * kPageSize4K;
  }

  void FreeTablePage(uint64_t phys) override {
    size_t index = IndexOf(phys);
    if (index == kNoPage || !live_[index]) {
      ADD_FAILURE() << "freeing a table page that is not allocated: 0x" << std::hex << phys;
      return;
    }
    if (events_ != nullptr) events_->push_back("free");
    // Freed contents are undefined: make stale use visible.
    pages_[index].fill(0xdeadbeefdeadbeef);
    live_[index] = false;
    --live_count_;
    free_.push_back(index);  // LIFO: a freed page is the next one handed out
  }

  uint64_t* TableAt(uint64_t phys) override {
    size_t index = IndexOf(phys);
    if (index == kNoPage || !live_[index]) {
      ADD_FAILURE() << "table access to an unallocated page: 0x" << std::hex << phys;
      return dummy_.data();
    }
    return pages_[index].data();
  }

  // The next `count` allocations succeed, every later one fails.
  void FailAfter(size_t count) { budget_ = count; }
  void NeverFail() { budget_.reset(); }

  size_t live() const { return live_count_; }
  size_t allocations() const { return allocations_; }
  bool IsLive(uint64_t phys) const {
    size_t index = IndexOf(phys);
    return index != kNoPage && live_[index];
  }
  // Every allocated page and its contents, for bit-for-bit comparisons.
  std::map<uint64_t, TablePage> Snapshot() const {
    std::map<uint64_t, TablePage> snapshot;
    for (size_t i = 0; i < pages_.size(); ++i) {
      if (live_[i]) snapshot.emplace(kBase + i * kPageSize4K, pages_[i]);
    }
    return snapshot;
  }
  void set_events(std::vector<std::string>* events) { events_ = events; }

 private:
  static constexpr size_t kNoPage = ~size_t{0};

  size_t IndexOf(uint64_t phys) const {
    if (phys < kBase || phys % kPageSize4K != 0) return kNoPage;
    uint64_t index = (phys - kBase) / kPageSize4K;
    return index < pages_.size() ? static_cast<size_t>(index) : kNoPage;
  }

  std::vector<TablePage> pages_;
  std::vector<bool> live_;
  std::vector<size_t> free_;
  size_t live_count_ = 0;
  size_t allocations_ = 0;
  std::optional<size_t> budget_;
  std::vector<std::string>* events_ = nullptr;
  TablePage dummy_ = {};
};

class RecordingTlb final : public TlbInvalidator {
 public:
  struct Call {
    enum class Kind { kPage, kRange, kAll } kind;
    uint64_t virt;
    uint64_t size;
    bool operator==(const Call&) const = default;
  };

  void InvalidatePage(uint64_t virt) override {
    EXPECT_EQ(virt % kPageSize4K, 0u);
    calls_.push_back({Call::Kind::kPage, virt, kPageSize4K});
    if (events_ != nullptr) events_->push_back("invalidate");
  }
  void InvalidateRange(uint64_t virt, uint64_t size) override {
    EXPECT_EQ(virt % kPageSize4K, 0u);
    EXPECT_EQ(size % kPageSize4K, 0u);
    EXPECT_GT(size, kPageSize4K) << "a single page must come as InvalidatePage";
    calls_.push_back({Call::Kind::kRange, virt, size});
    if (events_ != nullptr) events_->push_back("invalidate");
  }
  void InvalidateAll() override {
    calls_.push_back({Call::Kind::kAll, 0, 0});
    if (events_ != nullptr) events_->push_back("invalidate-all");
  }

  const std::vector<Call>& calls() const { return calls_; }
  void Clear() { calls_.clear(); }
  bool invalidated_all() const {
    for (const Call& call : calls_) {
      if (call.kind == Call::Kind::kAll) return true;
    }
    return false;
  }
  // The 4 KiB pages the calls cover (InvalidateAll aside), counting repeats.
  std::multiset<uint64_t> Pages() const {
    std::multiset<uint64_t> pages;
    for (const Call& call : calls_) {
      if (call.kind == Call::Kind::kAll) continue;
      for (uint64_t offset = 0; offset < call.size; offset += kPageSize4K) {
        pages.insert(call.virt + offset);
      }
    }
    return pages;
  }
  void set_events(std::vector<std::string>* events) { events_ = events; }

 private:
  std::vector<Call> calls_;
  std::vector<std::string>* events_ = nullptr;
};

// Collects what PageTable::Walk() reports.
class WalkCollector final : public PageTableVisitor {
 public:
  struct Table {
    int level;
    uint64_t virt;
    uint64_t phys;
  };
  void VisitTable(int level, uint64_t virt, uint64_t phys) override {
    tables.push_back({level, virt, phys});
  }
  void VisitPage(const MappedPage& page) override { pages.push_back(page); }

  std::vector<Table> tables;
  std::vector<MappedPage> pages;
};

// A PageTable over a FakeTableMemory and a RecordingTlb, for tests.
struct TestTables {
  explicit TestTables(PageTableOptions options = {}, size_t capacity = 4096)
      : memory(capacity), tables(PageTable::Create(memory, memory, tlb, options).value()) {}

  FakeTableMemory memory;
  RecordingTlb tlb;
  PageTable tables;
};

}  // namespace raeen::kernel
