#pragma once
// The physical page-frame allocator: 4 KiB frames in naturally aligned power-of-two blocks of
// order 0 (4 KiB) to kMaxBuddyOrder (4 MiB), one free list per order, blocks split on
// allocation and merged with their buddy on free [Knuth, TAOCP vol. 1, 2.5].
//
// Metadata: one 12-byte PageFrame per 4 KiB frame of the span (the lowest to the highest RAM
// address), in storage the caller provides. The kernel carves it out of the largest usable
// range (PlanBuddyMemory below), so the allocator needs no heap. We keep metadata outside the
// pages rather than threading free-list nodes through the free pages themselves because:
//  - double frees and frees of addresses never handed out are detected exactly from the
//    frame's state, and a rejected free changes nothing;
//  - a stray write into freed memory (a use-after-free) cannot corrupt the free lists or
//    redirect a later allocation;
//  - allocating and freeing never touch the pages, so they need no mapping (host tests need no
//    fake memory, and the kernel can free memory it has not mapped, or still reads, such as
//    the loader's memory map while reclaiming it);
//  - each block records its PageKind, so FreePages keeps the per-kind statistics exact
//    without the caller repeating the kind.
// The cost is 0.3% of the span (24 MiB for 8 GiB), holes included.
//
// Every frame of the span is in one state: absent (not RAM, or not handed over yet), reserved
// (RAM accounted under a PageKind but not allocatable, e.g. the kernel image or boot-services
// memory awaiting reclaim), the head of a free or allocated block, or a tail frame of a block.
//
// Not synchronized: the caller serializes every call (one lock around the allocator).
// Copyable: the state is the free-list heads, the counters and a pointer to the frames; copying
// an allocator that is still used is a bug (both copies would own the same frames). It is
// copyable so that Create() can return it by value into a constinit global.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mm/physical_memory_stats.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

inline constexpr uint64_t kPageFrameSize = 4096;
inline constexpr uint32_t kPageFrameShift = 12;
inline constexpr uint32_t kMaxBuddyOrder = 10;  // 2^10 pages = 4 MiB

// The smallest order whose block holds `bytes` (0 for 0 bytes). It can exceed kMaxBuddyOrder,
// which AllocatePages then refuses.
constexpr uint32_t OrderForBytes(uint64_t bytes) {
  uint64_t pages = bytes / kPageFrameSize + (bytes % kPageFrameSize != 0 ? 1 : 0);
  uint32_t order = 0;
  while ((uint64_t{1} << order) < pages) ++order;
  return order;
}

// Per-frame metadata. Opaque to callers: they only provide storage for it (any contents; Create
// initializes it) and size it with BuddyAllocator::MetadataBytes().
struct PageFrame {
  uint32_t next;  // free-list links, as frame indices; kNoFrame at the ends
  uint32_t prev;
  uint8_t state;  // BuddyAllocator::FrameState
  uint8_t order;  // of the block, in a block's head frame
  uint8_t kind;   // PageKind, in a head frame and in reserved frames
  uint8_t unused;
};
static_assert(sizeof(PageFrame) == 12);

class BuddyAllocator {
 public:
  // What FindAllocatedBlock reports about an allocated block.
  struct AllocatedBlock {
    uint32_t order;
    PageKind kind;
  };

  // An empty allocator: every call fails until one from Create() is assigned over it.
  constexpr BuddyAllocator() = default;

  // Bytes of PageFrame storage needed for a span of `span_size` bytes.
  static constexpr uint64_t MetadataBytes(uint64_t span_size) {
    return (span_size >> kPageFrameShift) * sizeof(PageFrame);
  }

  // An allocator for physical addresses in [span_base, span_base + span_size), with no memory
  // yet: add it with AddRange (and account for the rest with ReserveRange). `frames` must hold
  // at least span_size / kPageFrameSize entries and stays owned by the caller, who must keep it
  // alive and untouched while the allocator is used.
  // Errors: kInvalidArgument (base or size not page aligned, empty, or wrapping past 2^64),
  // kBufferTooSmall (too few frames), kUnsupported (a span of 2^32 frames or more, 16 TiB).
  static Result<BuddyAllocator> Create(uint64_t span_base, uint64_t span_size,
                                       rstd::Span<PageFrame> frames);

  // Hands [base, base + size) over as free memory: at boot the usable ranges, later the
  // reclaimed boot-services, loader and ACPI memory. The range is split into maximal naturally
  // aligned blocks, which merge with free neighbours. Frames previously reserved stop being
  // counted under their kind. An empty range is accepted and changes nothing.
  // Errors (nothing changed): kInvalidArgument (not page aligned, or wrapping), kOutOfRange
  // (outside the span), kAlreadyExists (some frame is already free or allocated).
  Result<void> AddRange(uint64_t base, uint64_t size);
  // What AddRange(base, size) would return, without changing anything.
  Result<void> CheckAddRange(uint64_t base, uint64_t size) const;

  // Accounts [base, base + size) as RAM of `kind` that is not to be allocated (the kernel
  // image, firmware memory, memory awaiting reclaim). AddRange can hand it over later.
  // Errors (nothing changed): kInvalidArgument (not page aligned, wrapping, or kind kFree),
  // kOutOfRange (outside the span), kAlreadyExists (some frame is already managed).
  Result<void> ReserveRange(uint64_t base, uint64_t size, PageKind kind);

  // The physical address of a free block of 2^order pages, aligned to its size, now counted
  // under `kind`. The pages' contents are whatever they were.
  // Errors (nothing changed): kInvalidArgument (order > kMaxBuddyOrder, or a kind that is not
  // allocatable: see IsAllocatableKind), kNoMemory (no free block of that order or larger).
  Result<uint64_t> AllocatePages(uint32_t order, PageKind kind);

  // Returns the block AllocatePages handed out at `physical` with the same `order`, and merges
  // it with its free buddies. Every misuse is reported and changes nothing:
  //   kOutOfRange      `physical` is not memory this allocator hands out (outside the span, in
  //                    a hole, or reserved)
  //   kBadState        the block is already free (a double free)
  //   kInvalidArgument `physical` is not page aligned, order > kMaxBuddyOrder, the order
  //                    differs from the allocation's, or `physical` lies inside an allocated
  //                    block without being its start
  Result<void> FreePages(uint64_t physical, uint32_t order);

  // The order and kind of the allocated block that starts at `physical`. kInvalidArgument for
  // any address that is not the start of an allocated block.
  Result<AllocatedBlock> FindAllocatedBlock(uint64_t physical) const;

  // Pages per kind, exact after every call.
  const PhysicalMemoryStats& stats() const { return stats_; }
  // Free blocks of exactly this order (0 for an order above kMaxBuddyOrder).
  uint64_t FreeBlocks(uint32_t order) const;
  uint64_t span_base() const { return span_base_; }
  uint64_t span_size() const { return span_frames_ << kPageFrameShift; }

  // Checks every invariant (frame states, list links, block alignment, the counters) by walking
  // all frames and lists; kCorrupt on the first violation. O(frames): for tests and debugging.
  Result<void> Verify() const;

 private:
  enum class FrameState : uint8_t {
    kAbsent = 0,
    kReserved = 1,
    kFreeHead = 2,
    kAllocatedHead = 3,
    kTail = 4,
  };
  static constexpr uint32_t kNoFrame = 0xffff'ffff;

  BuddyAllocator(uint64_t span_base, uint64_t span_frames, PageFrame* frames);

  // Frame indices are relative to span_base_; buddies are computed on physical frame numbers
  // so that blocks are naturally aligned in physical memory (large pages can map them).
  uint64_t PfnOf(uint32_t index) const { return (span_base_ >> kPageFrameShift) + index; }
  // Checks page alignment, overflow and that the range lies in the span.
  Result<void> CheckRange(uint64_t base, uint64_t size, uint32_t* first, uint32_t* count) const;
  void PushFree(uint32_t index, uint32_t order);
  void RemoveFree(uint32_t index, uint32_t order);
  // Marks [index, index + 2^order) free, merging with free buddies. The frames must be tails
  // or the block's own head; the caller has already moved the pages to kFree in the stats.
  void InsertFreeBlock(uint32_t index, uint32_t order);
  // The head of the block (free or allocated) that contains frame `index`, or kNoFrame.
  uint32_t FindEnclosingHead(uint32_t index) const;

  uint64_t span_base_ = 0;
  uint64_t span_frames_ = 0;
  PageFrame* frames_ = nullptr;
  uint32_t free_heads_[kMaxBuddyOrder + 1] = {};
  uint64_t free_blocks_[kMaxBuddyOrder + 1] = {};
  PhysicalMemoryStats stats_{};
};

// How the kernel sets the allocator up from the boot memory map: the span covers every range
// of RAM (PageKindForBootMemory), and the PageFrame metadata is carved, page aligned, out of
// the top of the largest usable range.
struct BuddyMemoryPlan {
  uint64_t span_base = 0;
  uint64_t span_size = 0;
  uint64_t metadata_base = 0;  // physical; reach it through the direct map
  uint64_t metadata_size = 0;  // page aligned, >= MetadataBytes(span_size)
};

// Errors: kNotFound (no RAM at all), kNoMemory (no usable range can hold the metadata),
// kInvalidArgument (ranges not page aligned or wrapping). `map` must have passed
// CheckMemoryMap (sorted, not overlapping).
Result<BuddyMemoryPlan> PlanBuddyMemory(rstd::Span<const boot::MemoryRange> map);

// Feeds the map to an allocator created over plan.span_*: usable ranges (less the metadata)
// become free, the metadata is reserved as kKernel, every other RAM range is reserved under
// its PageKind. Errors are AddRange's and ReserveRange's; they mean the map or the plan is
// wrong, and leave the allocator partly filled (the kernel cannot boot on it anyway).
Result<void> AddBootMemory(BuddyAllocator& allocator, rstd::Span<const boot::MemoryRange> map,
                           const BuddyMemoryPlan& plan);

// Hands every range of `kind` in the map over as free memory (boot-services memory after the
// kernel stops using firmware services, loader memory once the handoff has been copied, ACPI
// tables once parsed). Reads `map` while freeing; the allocator never writes into the pages it
// frees, so the map may lie in the memory being reclaimed, but nothing may allocate meanwhile
// and the map must not be read afterwards. Every range is checked before any is added: on an
// error (AddRange's) nothing changed.
Result<void> ReclaimBootMemory(BuddyAllocator& allocator, rstd::Span<const boot::MemoryRange> map,
                               boot::MemoryKind kind);

}  // namespace raeen::kernel
