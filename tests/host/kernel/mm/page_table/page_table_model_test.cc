// Random Map/Unmap/Protect/Merge sequences checked against a model that knows nothing about
// page sizes: a std::map from every mapped 4 KiB virtual page to its physical page and
// protection. Fixed seeds, so a failure reproduces.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "kernel/mm/page_table.h"
#include "tests/host/kernel/mm/page_table/fake_table_memory.h"
#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

using namespace page_table_test;

struct ModelPage {
  uint64_t phys;
  Protection protection;
  bool operator==(const ModelPage&) const = default;
};
using Model = std::map<uint64_t, ModelPage>;

// A window of address space crossing PML4 and PDPT boundaries, in one half.
struct Window {
  uint64_t base;
  uint64_t size;
  bool user;
};

class ModelTest {
 public:
  ModelTest(uint32_t seed, PageTableOptions options, Window window)
      : t_(options), random_(seed), window_(window) {}

  void Run(int steps) {
    for (int step = 0; step < steps; ++step) {
      SCOPED_TRACE(testing::Message() << "step " << step);
      int choice = Pick(0, 99);
      if (choice < 40) {
        DoMap();
      } else if (choice < 65) {
        DoUnmap();
      } else if (choice < 90) {
        DoProtect();
      } else {
        DoMerge();
      }
      if (testing::Test::HasFatalFailure()) return;
      SpotCheck();
      if (step % 20 == 19) FullCheck();
      if (testing::Test::HasFailure()) return;
    }
    FullCheck();
  }

  size_t counts(int i) const { return counts_[i]; }

 private:
  uint64_t Pick(uint64_t low, uint64_t high) {
    return std::uniform_int_distribution<uint64_t>(low, high)(random_);
  }

  // A page size to align to and a number of such units: mostly small, sometimes large.
  uint64_t Granule() {
    uint64_t choice = Pick(0, 99);
    if (choice < 55) return k4K;
    if (choice < 92) return k2M;
    return k1G;
  }

  // A random range inside the window, aligned to a random granule, maybe with 4 KiB ragged
  // ends so that large pages get split.
  void PickRange(uint64_t* virt, uint64_t* size) {
    uint64_t granule = Granule();
    uint64_t units = granule == k1G ? 1 : Pick(1, granule == k2M ? 6 : 40);
    uint64_t length = granule * units;
    if (length >= window_.size) length = window_.size / 2;
    uint64_t start = rstd::AlignDown(Pick(0, window_.size - length), granule);
    if (Pick(0, 3) == 0 && start >= 3 * k4K) start -= Pick(1, 3) * k4K;
    if (Pick(0, 3) == 0) length += Pick(1, 3) * k4K;
    if (start + length > window_.size) length = window_.size - start;
    *virt = window_.base + start;
    *size = length;
  }

  // Half the time a range that starts at a mapped page and, as far as it can, stays inside
  // mapped memory (so that Protect finds no hole); otherwise PickRange().
  void PickMappedRange(uint64_t* virt, uint64_t* size) {
    PickRange(virt, size);
    if (model_.empty() || Pick(0, 1) == 0) return;
    auto it = model_.lower_bound(*virt);
    if (it == model_.end()) it = model_.begin();
    uint64_t start = it->first;
    uint64_t length = 0;
    while (length < *size && it != model_.end() && it->first == start + length) {
      length += k4K;
      ++it;
    }
    *virt = start;
    *size = length;
  }

  Protection RandomProtection() {
    // Few distinct values, so that neighbours often agree and merges become possible.
    static const Protection kKernelChoices[] = {
        kData, kRodata, kText,
        Protection{.writable = true, .global = true, .cache = CacheMode::kUncached}};
    static const Protection kUserChoices[] = {
        kUserData, kUserRodata, kUserText,
        Protection{.writable = true, .user = true, .cache = CacheMode::kWriteCombining}};
    uint64_t choice = Pick(0, 9);
    size_t index = choice < 6 ? 0 : choice - 6;
    return window_.user ? kUserChoices[index] : kKernelChoices[index];
  }

  // Half the time the physical address follows the virtual one (so that mappings made
  // separately are contiguous and mergeable), otherwise it is random with the same alignment.
  uint64_t RandomPhys(uint64_t virt) {
    if (Pick(0, 1) == 0) return (virt - window_.base) + kPhysBase;
    uint64_t alignment = 1ull << rstd::Min<uint64_t>(__builtin_ctzll(virt), 30);
    return rstd::AlignDown(Pick(0, 64 * k1G), alignment);
  }

  // Half the operations run with an allocator that fails after a few pages: they must either
  // succeed or change nothing.
  struct Before {
    std::map<uint64_t, TablePage> snapshot;
    size_t live;
  };
  // The tables before a call that may fail (copying them is the slow part of this test).
  Before Capture(bool may_fail) {
    t_.tlb.Clear();
    if (!may_fail) return Before{};
    return Before{t_.memory.Snapshot(), t_.memory.live()};
  }
  void ExpectUnchanged(const Before& before) {
    EXPECT_EQ(t_.memory.Snapshot(), before.snapshot);
    EXPECT_EQ(t_.memory.live(), before.live);
    EXPECT_TRUE(t_.tlb.calls().empty());
  }

  void DoMap() {
    if (Pick(0, 3) == 0) return MapInPieces();
    uint64_t virt, size;
    PickRange(&virt, &size);
    MapRange(virt, size, RandomPhys(virt), RandomProtection());
  }

  // Maps a free, aligned 2 MiB (sometimes 1 GiB) region in a few pieces, physically contiguous
  // and with one protection: the small pages this leaves are what Merge() exists for.
  void MapInPieces() {
    uint64_t region = Pick(0, 9) == 0 ? k1G : k2M;
    uint64_t virt = window_.base + rstd::AlignDown(Pick(0, window_.size - region), region);
    auto it = model_.lower_bound(virt);
    if (it != model_.end() && it->first < virt + region) return;
    uint64_t phys = (virt - window_.base) + kPhysBase;
    Protection protection = RandomProtection();
    uint64_t done = 0;
    while (done < region) {
      uint64_t piece = rstd::Min<uint64_t>(region - done, Pick(1, region / k4K / 2) * k4K);
      MapRange(virt + done, piece, phys + done, protection);
      if (testing::Test::HasFatalFailure()) return;
      if (!model_.count(virt + done)) return;  // it ran out of memory
      done += piece;
    }
  }

  void MapRange(uint64_t virt, uint64_t size, uint64_t phys, const Protection& protection) {
    bool overlaps = false;
    auto it = model_.lower_bound(virt);
    if (it != model_.end() && it->first < virt + size) overlaps = true;
    bool limited = Pick(0, 1) == 0;
    Before before = Capture(overlaps || limited);
    if (limited) t_.memory.FailAfter(Pick(0, 3));
    Result<void> result = t_.tables.Map(virt, phys, size, protection);
    t_.memory.NeverFail();
    if (overlaps) {
      ASSERT_EQ(result.status(), Status::kAlreadyExists);
      ExpectUnchanged(before);
      return;
    }
    if (!result.ok()) {
      ASSERT_TRUE(limited);
      ASSERT_EQ(result.status(), Status::kNoMemory);
      ExpectUnchanged(before);
      ++counts_[kNoMemoryCount];
      return;
    }
    EXPECT_TRUE(t_.tlb.calls().empty());
    for (uint64_t offset = 0; offset < size; offset += k4K) {
      model_[virt + offset] = ModelPage{phys + offset, protection};
    }
    ++counts_[kMapCount];
  }

  void DoUnmap() {
    uint64_t virt, size;
    PickMappedRange(&virt, &size);
    bool limited = Pick(0, 1) == 0;
    Before before = Capture(limited);
    if (limited) t_.memory.FailAfter(Pick(0, 3));
    Result<void> result = t_.tables.Unmap(virt, size);
    t_.memory.NeverFail();
    if (!result.ok()) {
      ASSERT_TRUE(limited);
      ASSERT_EQ(result.status(), Status::kNoMemory);
      ExpectUnchanged(before);
      ++counts_[kNoMemoryCount];
      return;
    }
    std::set<uint64_t> changed;
    auto first = model_.lower_bound(virt);
    auto last = model_.lower_bound(virt + size);
    for (auto it = first; it != last; ++it) changed.insert(it->first);
    model_.erase(first, last);
    ExpectInvalidated(changed);
    ++counts_[kUnmapCount];
  }

  void DoProtect() {
    uint64_t virt, size;
    PickMappedRange(&virt, &size);
    Protection protection = RandomProtection();
    bool complete = true;
    std::set<uint64_t> changed;
    for (uint64_t offset = 0; offset < size; offset += k4K) {
      auto it = model_.find(virt + offset);
      if (it == model_.end()) {
        complete = false;
        break;
      }
      if (!(it->second.protection == protection)) changed.insert(it->first);
    }
    bool limited = Pick(0, 1) == 0;
    Before before = Capture(!complete || limited);
    if (limited) t_.memory.FailAfter(Pick(0, 3));
    Result<void> result = t_.tables.Protect(virt, size, protection);
    t_.memory.NeverFail();
    if (!complete) {
      ASSERT_EQ(result.status(), Status::kNotFound);
      ExpectUnchanged(before);
      return;
    }
    if (!result.ok()) {
      ASSERT_TRUE(limited);
      ASSERT_EQ(result.status(), Status::kNoMemory);
      ExpectUnchanged(before);
      ++counts_[kNoMemoryCount];
      return;
    }
    for (uint64_t page : changed) model_[page].protection = protection;
    ExpectInvalidated(changed);
    ++counts_[kProtectCount];
  }

  void DoMerge() {
    uint64_t virt, size;
    PickRange(&virt, &size);
    // Now and then the whole window, so that every mergeable table gets its chance.
    if (Pick(0, 3) == 0) {
      virt = window_.base;
      size = window_.size;
    }
    t_.tlb.Clear();
    size_t live = t_.memory.live();
    Result<size_t> merged = t_.tables.Merge(virt, size);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(t_.memory.live(), live - *merged);
    counts_[kMergedTables] += *merged;
    // Merging changes no translation, and reports only mapped pages.
    for (uint64_t page : t_.tlb.Pages()) EXPECT_TRUE(model_.count(page)) << std::hex << page;
    if (*merged == 0) EXPECT_TRUE(t_.tlb.calls().empty());
    // Afterwards no uniform 2 MiB (or 1 GiB) region inside the range is left in small pages.
    for (uint64_t region = rstd::AlignUp(virt, k2M); region + k2M <= virt + size; region += k2M) {
      if (!Uniform(region, k2M)) continue;
      Result<Translation> translation = t_.tables.Translate(region);
      ASSERT_TRUE(translation.ok());
      EXPECT_GE(translation->page_size, k2M) << std::hex << region;
      if (t_.tables.options().pages_1g && rstd::IsAligned(region, k1G) &&
          region + k1G <= virt + size && Uniform(region, k1G)) {
        EXPECT_EQ(translation->page_size, k1G) << std::hex << region;
      }
    }
  }

  // True when the model maps [virt, virt + size) contiguously from an aligned physical address
  // with one protection.
  bool Uniform(uint64_t virt, uint64_t size) {
    auto it = model_.find(virt);
    if (it == model_.end() || !rstd::IsAligned(it->second.phys, size)) return false;
    ModelPage first = it->second;
    for (uint64_t offset = 0; offset < size; offset += k4K, ++it) {
      if (it == model_.end() || it->first != virt + offset) return false;
      if (it->second.phys != first.phys + offset || !(it->second.protection == first.protection)) {
        return false;
      }
    }
    return true;
  }

  // The invalidations reported cover exactly `changed` (or everything, with InvalidateAll).
  void ExpectInvalidated(const std::set<uint64_t>& changed) {
    if (t_.tlb.invalidated_all()) {
      EXPECT_GT(changed.size(), 0u);
      ++counts_[kFullInvalidations];
      return;
    }
    std::multiset<uint64_t> pages = t_.tlb.Pages();
    EXPECT_EQ(pages.size(), changed.size()) << "a page was reported twice or too few were";
    EXPECT_EQ(std::set<uint64_t>(pages.begin(), pages.end()), changed);
  }

  void SpotCheck() {
    for (int i = 0; i < 16; ++i) {
      uint64_t virt = window_.base + rstd::AlignDown(Pick(0, window_.size - 1), k4K);
      Result<Translation> translation = t_.tables.Translate(virt + 0x10);
      auto it = model_.find(virt);
      if (it == model_.end()) {
        ASSERT_EQ(translation.status(), Status::kNotFound) << std::hex << virt;
      } else {
        ASSERT_TRUE(translation.ok()) << std::hex << virt;
        ASSERT_EQ(translation->phys, it->second.phys + 0x10) << std::hex << virt;
        ASSERT_EQ(translation->protection, it->second.protection) << std::hex << virt;
      }
    }
  }

  // Walk() must report exactly the model, and the tables it reports must be exactly the live
  // table pages: none leaked, none empty but the root.
  void FullCheck() {
    WalkCollector walk;
    t_.tables.Walk(walk);
    auto model_it = model_.begin();
    for (const MappedPage& page : walk.pages) {
      for (uint64_t offset = 0; offset < page.page_size; offset += k4K, ++model_it) {
        ASSERT_NE(model_it, model_.end()) << std::hex << page.virt + offset;
        ASSERT_EQ(model_it->first, page.virt + offset);
        ASSERT_EQ(model_it->second, (ModelPage{page.phys + offset, page.protection}))
            << std::hex << page.virt + offset;
      }
    }
    ASSERT_EQ(model_it, model_.end());
    EXPECT_EQ(walk.tables.size(), t_.tables.table_pages());
    EXPECT_EQ(walk.tables.size(), t_.memory.live());
    for (const WalkCollector::Table& table : walk.tables) {
      if (table.level == kRootLevel) continue;
      const uint64_t* entries = t_.memory.TableAt(table.phys);
      bool empty = true;
      for (uint64_t i = 0; i < kEntriesPerTable; ++i) empty = empty && entries[i] == 0;
      EXPECT_FALSE(empty) << "empty table for 0x" << std::hex << table.virt;
    }
    ++counts_[kFullChecks];
  }

 public:
  enum Count {
    kMapCount,
    kUnmapCount,
    kProtectCount,
    kNoMemoryCount,
    kMergedTables,
    kFullInvalidations,
    kFullChecks,
    kCountKinds
  };

 private:
  static constexpr uint64_t kPhysBase = 0x0000000100000000;

  TestTables t_;
  std::mt19937_64 random_;
  Window window_;
  Model model_;
  size_t counts_[kCountKinds] = {};
};

// 3 GiB of the kernel half around the PML4 boundary at 0xffffff8000000000.
constexpr Window kKernelWindow{0xffffff7f80000000, 3 * k1G, false};
// 3 GiB of the user half around the PML4 boundary at 512 GiB.
constexpr Window kUserWindow{0x0000007f80000000, 3 * k1G, true};

void RunModel(uint32_t seed, PageTableOptions options, Window window, int steps) {
  ModelTest test(seed, options, window);
  test.Run(steps);
  // The run must have exercised what it is meant to.
  EXPECT_GT(test.counts(ModelTest::kMapCount), 150u);
  EXPECT_GT(test.counts(ModelTest::kUnmapCount), 75u);
  EXPECT_GT(test.counts(ModelTest::kProtectCount), 40u);
  EXPECT_GT(test.counts(ModelTest::kNoMemoryCount), 20u);
  EXPECT_GT(test.counts(ModelTest::kMergedTables), 10u);
  EXPECT_GT(test.counts(ModelTest::kFullChecks), 30u);
}

TEST(PageTableModel, KernelHalfWith1GiBPages) {
  RunModel(0x5eed0001, PageTableOptions{.pages_1g = true}, kKernelWindow, 600);
}

TEST(PageTableModel, KernelHalfWithout1GiBPages) {
  RunModel(0x5eed0002, PageTableOptions{}, kKernelWindow, 600);
}

TEST(PageTableModel, UserHalfWith1GiBPages) {
  RunModel(0x5eed0003, PageTableOptions{.pages_1g = true}, kUserWindow, 600);
}

}  // namespace
}  // namespace raeen::kernel
