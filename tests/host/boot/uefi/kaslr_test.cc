#include "boot/uefi/kaslr.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace raeen::boot {
namespace {

constexpr uint64_t k2M = 2ull << 20;
constexpr uint64_t kStack = 64 * 1024;

// Replays a fixed list of words, then fails.
class ScriptedSource final : public RandomSource {
 public:
  explicit ScriptedSource(std::vector<uint64_t> words) : words_(std::move(words)) {}
  Result<uint64_t> Next64() override {
    if (next_ == words_.size()) return Error(Status::kIoError);
    return words_[next_++];
  }
  size_t used() const { return next_; }

 private:
  std::vector<uint64_t> words_;
  size_t next_ = 0;
};

class MersenneSource final : public RandomSource {
 public:
  Result<uint64_t> Next64() override { return engine_(); }

 private:
  std::mt19937_64 engine_{42};
};

TEST(Kaslr, SlotCountLeavesRoomForGuardAndStack) {
  for (uint64_t span : {0x1000ull, 0x6000ull, 0x1ff000ull, 0x200000ull, 0x3456000ull}) {
    uint64_t slots = KaslrSlotCount(span, kStack);
    ASSERT_GT(slots, 0u);
    uint64_t needed = span + kStackGuardSize + kStack;
    // The last slot fits; one more would not.
    EXPECT_LE(KaslrBase(slots - 1) + needed, kKernelWindowEnd) << span;
    EXPECT_GT(KaslrBase(slots) + needed, kKernelWindowEnd) << span;
  }
  // A small kernel: (2032 MiB - 80 KiB) / 2 MiB + 1.
  EXPECT_EQ(KaslrSlotCount(0x3000, kStack), 1016u);
  // Unaligned spans are rounded up to pages.
  EXPECT_EQ(KaslrSlotCount(0x2001, kStack), KaslrSlotCount(0x3000, kStack));
}

TEST(Kaslr, SlotCountIsZeroWhenNothingFits) {
  uint64_t window = kKernelWindowEnd - kKernelWindowBase;
  EXPECT_EQ(KaslrSlotCount(window, kStack), 0u);
  EXPECT_EQ(KaslrSlotCount(~uint64_t{0}, kStack), 0u);
  EXPECT_EQ(KaslrSlotCount(0x1000, ~uint64_t{0}), 0u);
  // Exactly fitting: one slot.
  EXPECT_EQ(KaslrSlotCount(window - kStackGuardSize - kStack, kStack), 1u);
}

TEST(Kaslr, DirectMapSlotsLeaveRoomForTheWholeMap) {
  constexpr uint64_t k1G = 1ull << 30;
  for (uint64_t size : std::vector<uint64_t>{0x1000, k1G, k1G + 1, 8 * k1G + 0x200000, 64ull << 40}) {
    uint64_t slots = DirectMapSlotCount(size);
    ASSERT_GT(slots, 0u) << size;
    EXPECT_EQ(DirectMapBase(slots - 1) % k1G, 0u);
    EXPECT_LE(DirectMapBase(slots - 1) + size, kDirectMapRegionEnd) << size;
    EXPECT_GT(DirectMapBase(slots) + size, kDirectMapRegionEnd) << size;
  }
  // 96 TiB of 1 GiB slots, less the map's own size: at least 15 bits for any machine.
  EXPECT_EQ(DirectMapSlotCount(512ull << 20), 98304u);
  EXPECT_GE(DirectMapSlotCount(64ull << 40), 32768u);
  EXPECT_EQ(DirectMapBase(0), kDirectMapRegionBase);
}

TEST(Kaslr, DirectMapSlotCountIsZeroWhenNothingFits) {
  EXPECT_EQ(DirectMapSlotCount(0), 0u);
  EXPECT_EQ(DirectMapSlotCount(kDirectMapRegionEnd - kDirectMapRegionBase + 1), 0u);
  EXPECT_EQ(DirectMapSlotCount(~uint64_t{0}), 0u);
  EXPECT_EQ(DirectMapSlotCount(kDirectMapRegionEnd - kDirectMapRegionBase), 1u);
}

TEST(Kaslr, BaseIsTwoMiBAligned) {
  EXPECT_EQ(KaslrBase(0), kKernelWindowBase);
  EXPECT_EQ(KaslrBase(3), kKernelWindowBase + 3 * k2M);
}

TEST(Kaslr, ChooseSlotMapsTheWordRange) {
  // 2^64 mod 1000 = 616: words whose product has a low half below 616 would be rejected, so
  // the words here stay clear of them.
  ScriptedSource low({1ull << 20});
  EXPECT_EQ(ChooseKaslrSlot(1000, low).value_or(~0ull), 0u);
  ScriptedSource top({~uint64_t{0}});
  EXPECT_EQ(ChooseKaslrSlot(1000, top).value_or(~0ull), 999u);
  ScriptedSource half({(1ull << 63) + (1ull << 20)});
  EXPECT_EQ(ChooseKaslrSlot(1000, half).value_or(~0ull), 500u);
  ScriptedSource one_slot({12345});
  EXPECT_EQ(ChooseKaslrSlot(1, one_slot).value_or(~0ull), 0u);
}

TEST(Kaslr, ChooseSlotRejectsBiasedWords) {
  // slot_count 3: 2^64 mod 3 = 1, so a word whose product has low half 0 is rejected. Word 0
  // gives product 0: rejected; the next word decides.
  ScriptedSource source({0, ~uint64_t{0}});
  Result<uint64_t> slot = ChooseKaslrSlot(3, source);
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(*slot, 2u);
  EXPECT_EQ(source.used(), 2u);
}

TEST(Kaslr, ChooseSlotErrors) {
  ScriptedSource source({1, 2, 3});
  EXPECT_EQ(ChooseKaslrSlot(0, source).status(), Status::kInvalidArgument);
  ScriptedSource empty({});
  EXPECT_EQ(ChooseKaslrSlot(10, empty).status(), Status::kIoError);
  ScriptedSource stuck(std::vector<uint64_t>(100, 0));  // always the rejected word
  EXPECT_EQ(ChooseKaslrSlot(3, stuck).status(), Status::kTimedOut);
}

TEST(Kaslr, ChooseSlotIsUniform) {
  // A chi-squared check over 7 slots with 70,000 draws: expected 10,000 each. The 99.9% critical
  // value for 6 degrees of freedom is 22.46; the seed is fixed, so this is deterministic.
  MersenneSource source;
  constexpr uint64_t kSlots = 7;
  constexpr int kDraws = 70000;
  std::map<uint64_t, int> histogram;
  for (int i = 0; i < kDraws; ++i) {
    Result<uint64_t> slot = ChooseKaslrSlot(kSlots, source);
    ASSERT_TRUE(slot.ok());
    ASSERT_LT(*slot, kSlots);
    ++histogram[*slot];
  }
  double chi2 = 0;
  double expected = static_cast<double>(kDraws) / kSlots;
  for (uint64_t s = 0; s < kSlots; ++s) {
    double d = histogram[s] - expected;
    chi2 += d * d / expected;
  }
  EXPECT_LT(chi2, 22.46);
}

}  // namespace
}  // namespace raeen::boot
