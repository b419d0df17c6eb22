#include "kernel/debug/backtrace.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace raeen::kernel {
namespace {

// Fake stacks at fake addresses. Every read the walker makes is checked to lie entirely
// inside one of the stacks it was given; anything else is a test failure (in the kernel it
// would be a fault in the panic path).
class FakeMemory {
 public:
  struct Region {
    uint64_t base;
    std::vector<uint64_t> words;
  };

  // Adds a stack of `bytes` bytes at `base` and returns its range.
  StackRange AddStack(uint64_t base, uint64_t bytes) {
    regions_.push_back(Region{base, std::vector<uint64_t>(bytes / 8, 0xdeadbeefdeadbeefull)});
    return StackRange{base, base + bytes};
  }

  void Write(uint64_t address, uint64_t value) {
    uint64_t* word = Find(address);
    ASSERT_NE(word, nullptr) << "test writes outside its fake stacks: " << std::hex << address;
    *word = value;
  }

  // A frame at `rbp`: [rbp] = saved rbp, [rbp + 8] = return address.
  void WriteFrame(uint64_t rbp, uint64_t saved_rbp, uint64_t return_address) {
    Write(rbp, saved_rbp);
    Write(rbp + 8, return_address);
  }

  static uint64_t Read(uint64_t address, void* context) {
    auto* self = static_cast<FakeMemory*>(context);
    ++self->reads_;
    uint64_t* word = self->Find(address);
    if (word == nullptr) {
      ADD_FAILURE() << "walker read outside every stack: 0x" << std::hex << address;
      return 0;
    }
    return *word;
  }

  size_t reads() const { return reads_; }

 private:
  uint64_t* Find(uint64_t address) {
    if (address % 8 != 0) return nullptr;
    for (Region& region : regions_) {
      if (address >= region.base && address - region.base < region.words.size() * 8) {
        return &region.words[(address - region.base) / 8];
      }
    }
    return nullptr;
  }

  std::vector<Region> regions_;
  size_t reads_ = 0;
};

constexpr uint64_t kStackBase = 0xffffffff90000000ull;
constexpr uint64_t kStackBytes = 0x1000;
constexpr uint64_t kStackTop = kStackBase + kStackBytes;

class Backtrace : public ::testing::Test {
 protected:
  Backtrace() { stacks_.push_back(memory_.AddStack(kStackBase, kStackBytes)); }

  std::vector<uint64_t> Walk(uint64_t rbp, size_t capacity = 16) {
    std::vector<uint64_t> out(capacity, 0x5a5a5a5a5a5a5a5aull);
    size_t count = WalkFramePointers(
        rbp, rstd::Span<const StackRange>(stacks_.data(), stacks_.size()), &FakeMemory::Read,
        &memory_, rstd::Span<uint64_t>(out.data(), out.size()));
    EXPECT_LE(count, capacity);
    // Nothing past `count` may be written.
    for (size_t i = count; i < capacity; ++i) EXPECT_EQ(out[i], 0x5a5a5a5a5a5a5a5aull) << i;
    out.resize(count);
    return out;
  }

  FakeMemory memory_;
  std::vector<StackRange> stacks_;
};

using Addresses = std::vector<uint64_t>;

TEST_F(Backtrace, FollowsTheChain) {
  uint64_t f0 = kStackBase + 0x100, f1 = kStackBase + 0x180, f2 = kStackBase + 0x400;
  memory_.WriteFrame(f0, f1, 0xffffffff80001111);
  memory_.WriteFrame(f1, f2, 0xffffffff80002222);
  memory_.WriteFrame(f2, 0, 0xffffffff80003333);  // outermost frame: rbp 0
  EXPECT_EQ(Walk(f0), (Addresses{0xffffffff80001111, 0xffffffff80002222, 0xffffffff80003333}));
}

TEST_F(Backtrace, StopsAtRbpOutsideEveryStack) {
  EXPECT_EQ(Walk(0), Addresses{});
  EXPECT_EQ(Walk(kStackBase - 16), Addresses{});
  EXPECT_EQ(Walk(kStackTop), Addresses{});
  EXPECT_EQ(Walk(0x1000), Addresses{});
  EXPECT_EQ(memory_.reads(), 0u);
}

TEST_F(Backtrace, StopsWhenTheNextFrameLeavesTheStack) {
  uint64_t f0 = kStackBase + 0x100;
  memory_.WriteFrame(f0, kStackTop + 0x100, 0xaaaa);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
}

TEST_F(Backtrace, StopsAtASelfLoop) {
  uint64_t f0 = kStackBase + 0x100, f1 = kStackBase + 0x200;
  memory_.WriteFrame(f0, f1, 0xaaaa);
  memory_.WriteFrame(f1, f1, 0xbbbb);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa, 0xbbbb}));
}

TEST_F(Backtrace, StopsAtAChainGoingBackwards) {
  uint64_t f0 = kStackBase + 0x100, f1 = kStackBase + 0x200, f2 = kStackBase + 0x300;
  memory_.WriteFrame(f0, f1, 0xaaaa);
  memory_.WriteFrame(f1, f2, 0xbbbb);
  memory_.WriteFrame(f2, f0, 0xcccc);  // loops back to f0
  EXPECT_EQ(Walk(f0, 64), (Addresses{0xaaaa, 0xbbbb, 0xcccc}));
}

TEST_F(Backtrace, StopsAtADecreasingRbpStillInsideTheStack) {
  uint64_t f0 = kStackBase + 0x800;
  memory_.WriteFrame(f0, kStackBase + 0x10, 0xaaaa);
  memory_.WriteFrame(kStackBase + 0x10, kStackBase + 0x900, 0xbbbb);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
}

TEST_F(Backtrace, StopsAtMisalignedRbp) {
  EXPECT_EQ(Walk(kStackBase + 0x104), Addresses{});
  EXPECT_EQ(Walk(kStackBase + 0x101), Addresses{});
  EXPECT_EQ(memory_.reads(), 0u);

  uint64_t f0 = kStackBase + 0x100;
  memory_.WriteFrame(f0, kStackBase + 0x204, 0xaaaa);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
}

TEST_F(Backtrace, EightByteAlignedFramesAreFollowed) {
  // rbp is 16-byte aligned in well-formed code, but 8 is all the walker needs.
  uint64_t f0 = kStackBase + 0x108, f1 = kStackBase + 0x118;
  memory_.WriteFrame(f0, f1, 0xaaaa);
  memory_.WriteFrame(f1, 0, 0xbbbb);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa, 0xbbbb}));
}

TEST_F(Backtrace, StopsAtReturnAddressZero) {
  uint64_t f0 = kStackBase + 0x100, f1 = kStackBase + 0x200, f2 = kStackBase + 0x300;
  memory_.WriteFrame(f0, f1, 0xaaaa);
  memory_.WriteFrame(f1, f2, 0);
  memory_.WriteFrame(f2, 0, 0xcccc);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
  memory_.WriteFrame(f0, f1, 0);
  EXPECT_EQ(Walk(f0), Addresses{});
}

TEST_F(Backtrace, StopsAtOutputCapacity) {
  std::vector<uint64_t> frames;
  for (uint64_t i = 0; i < 10; ++i) frames.push_back(kStackBase + 0x100 + i * 0x40);
  for (size_t i = 0; i < frames.size(); ++i) {
    memory_.WriteFrame(frames[i], i + 1 < frames.size() ? frames[i + 1] : 0, 0x1000 + i);
  }
  EXPECT_EQ(Walk(frames[0], 3), (Addresses{0x1000, 0x1001, 0x1002}));
  EXPECT_EQ(Walk(frames[0], 10).size(), 10u);
  EXPECT_EQ(Walk(frames[0], 11).size(), 10u);
  EXPECT_EQ(Walk(frames[0], 1), (Addresses{0x1000}));
  size_t reads_before = memory_.reads();
  EXPECT_EQ(Walk(frames[0], 0), Addresses{});
  EXPECT_EQ(memory_.reads(), reads_before);
}

TEST_F(Backtrace, FrameAtTheVeryTopOfTheStackIsRead) {
  uint64_t f0 = kStackTop - 16;
  memory_.WriteFrame(f0, 0, 0xaaaa);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
}

TEST_F(Backtrace, StopsAtAFrameThatWouldReadPastTheStackEnd) {
  // Only 8 bytes left: the return address would lie beyond the stack.
  EXPECT_EQ(Walk(kStackTop - 8), Addresses{});
  uint64_t f0 = kStackBase + 0x100;
  memory_.WriteFrame(f0, kStackTop - 8, 0xaaaa);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa}));
}

TEST_F(Backtrace, FrameAtTheStackBottomIsRead) {
  memory_.WriteFrame(kStackBase, kStackBase + 0x10, 0xaaaa);
  memory_.WriteFrame(kStackBase + 0x10, 0, 0xbbbb);
  EXPECT_EQ(Walk(kStackBase), (Addresses{0xaaaa, 0xbbbb}));
}

TEST_F(Backtrace, WalksTheStackContainingRbp) {
  // A second stack (say an IST stack) below the first.
  constexpr uint64_t kIstBase = 0xffffffffa0000000ull;
  stacks_.push_back(memory_.AddStack(kIstBase, 0x2000));
  uint64_t f0 = kIstBase + 0x1000, f1 = kIstBase + 0x1f00;
  memory_.WriteFrame(f0, f1, 0xaaaa);
  memory_.WriteFrame(f1, 0, 0xbbbb);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa, 0xbbbb}));
  // A saved rbp at the very top of the stack leaves no room for a frame.
  memory_.WriteFrame(f1, kIstBase + 0x2000, 0xbbbb);
  EXPECT_EQ(Walk(f0), (Addresses{0xaaaa, 0xbbbb}));
}

TEST_F(Backtrace, NoStacksMeansNoFrames) {
  stacks_.clear();
  memory_.WriteFrame(kStackBase + 0x100, 0, 0xaaaa);
  EXPECT_EQ(Walk(kStackBase + 0x100), Addresses{});
  EXPECT_EQ(memory_.reads(), 0u);
}

TEST_F(Backtrace, StacksTooSmallForAFrameAreIgnored) {
  stacks_.clear();
  stacks_.push_back(StackRange{0, 8});
  stacks_.push_back(StackRange{kStackBase, kStackBase + 8});
  stacks_.push_back(StackRange{kStackBase + 0x100, kStackBase + 0x100});  // empty
  EXPECT_EQ(Walk(0), Addresses{});
  EXPECT_EQ(Walk(kStackBase), Addresses{});
  EXPECT_EQ(Walk(kStackBase + 0x100), Addresses{});
  EXPECT_EQ(memory_.reads(), 0u);
}

TEST_F(Backtrace, InvertedStackRangeIsIgnored) {
  stacks_.clear();
  stacks_.push_back(StackRange{kStackTop, kStackBase});
  EXPECT_EQ(Walk(kStackBase + 0x100), Addresses{});
  EXPECT_EQ(Walk(kStackTop), Addresses{});
  EXPECT_EQ(memory_.reads(), 0u);
}

TEST_F(Backtrace, LongChainUpToTheTop) {
  // One frame every 16 bytes across the whole stack: 256 frames.
  std::vector<uint64_t> expected;
  for (uint64_t rbp = kStackBase; rbp + 16 <= kStackTop; rbp += 16) {
    uint64_t next = rbp + 16 < kStackTop ? rbp + 16 : 0;
    memory_.WriteFrame(rbp, next, rbp ^ 0xffff000000000000ull);
    expected.push_back(rbp ^ 0xffff000000000000ull);
  }
  EXPECT_EQ(Walk(kStackBase, 300), expected);
  // Two reads per frame: the return address and the saved rbp.
  EXPECT_EQ(memory_.reads(), 2 * expected.size());
}

}  // namespace
}  // namespace raeen::kernel
