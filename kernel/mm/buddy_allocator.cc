#include "kernel/mm/buddy_allocator.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t PagesInOrder(uint32_t order) {
  return uint64_t{1} << order;
}

// The largest order of a naturally aligned block that starts at `pfn` and ends by `end_pfn`.
uint32_t MaximalOrder(uint64_t pfn, uint64_t end_pfn) {
  uint32_t order = kMaxBuddyOrder;
  if (pfn != 0) order = rstd::Min<uint32_t>(order, static_cast<uint32_t>(__builtin_ctzll(pfn)));
  uint32_t fits = 63 - static_cast<uint32_t>(__builtin_clzll(end_pfn - pfn));
  return rstd::Min(order, fits);
}

}  // namespace

BuddyAllocator::BuddyAllocator(uint64_t span_base, uint64_t span_frames, PageFrame* frames)
    : span_base_(span_base), span_frames_(span_frames), frames_(frames) {
  for (uint32_t& head : free_heads_) head = kNoFrame;
}

Result<BuddyAllocator> BuddyAllocator::Create(uint64_t span_base, uint64_t span_size,
                                              rstd::Span<PageFrame> frames) {
  uint64_t span_end = 0;
  if (span_size == 0 || !rstd::IsAligned(span_base, kPageFrameSize) ||
      !rstd::IsAligned(span_size, kPageFrameSize) ||
      !rstd::CheckedAdd(span_base, span_size, &span_end)) {
    return Error(Status::kInvalidArgument);
  }
  uint64_t span_frames = span_size >> kPageFrameShift;
  // Indices are 32-bit and kNoFrame marks the end of a list.
  if (span_frames >= kNoFrame) return Error(Status::kUnsupported);
  if (frames.size() < span_frames) return Error(Status::kBufferTooSmall);
  for (uint64_t i = 0; i < span_frames; ++i) {
    frames[i] = PageFrame{kNoFrame, kNoFrame, static_cast<uint8_t>(FrameState::kAbsent), 0, 0, 0};
  }
  return BuddyAllocator(span_base, span_frames, frames.data());
}

Result<void> BuddyAllocator::CheckRange(uint64_t base, uint64_t size, uint32_t* first,
                                        uint32_t* count) const {
  uint64_t end = 0;
  if (!rstd::IsAligned(base, kPageFrameSize) || !rstd::IsAligned(size, kPageFrameSize) ||
      !rstd::CheckedAdd(base, size, &end)) {
    return Error(Status::kInvalidArgument);
  }
  if (frames_ == nullptr) return Error(Status::kOutOfRange);
  if (size == 0) {
    *first = 0;
    *count = 0;
    return {};
  }
  if (base < span_base_ || end - span_base_ > span_size()) return Error(Status::kOutOfRange);
  *first = static_cast<uint32_t>((base - span_base_) >> kPageFrameShift);
  *count = static_cast<uint32_t>(size >> kPageFrameShift);
  return {};
}

Result<void> BuddyAllocator::CheckAddRange(uint64_t base, uint64_t size) const {
  uint32_t first = 0;
  uint32_t count = 0;
  RAEEN_TRY(CheckRange(base, size, &first, &count));
  for (uint32_t i = first; i < first + count; ++i) {
    auto state = static_cast<FrameState>(frames_[i].state);
    if (state != FrameState::kAbsent && state != FrameState::kReserved) {
      return Error(Status::kAlreadyExists);
    }
  }
  return {};
}

Result<void> BuddyAllocator::AddRange(uint64_t base, uint64_t size) {
  RAEEN_TRY(CheckAddRange(base, size));
  uint32_t first = 0;
  uint32_t count = 0;
  RAEEN_TRY(CheckRange(base, size, &first, &count));
  // Nothing below can fail.
  for (uint32_t i = first; i < first + count; ++i) {
    PageFrame& frame = frames_[i];
    // Reserved frames move from their kind to kFree; absent ones were not counted anywhere.
    if (static_cast<FrameState>(frame.state) == FrameState::kReserved) {
      --stats_.PagesOf(static_cast<PageKind>(frame.kind));
    }
    ++stats_.free_pages;
    frame.state = static_cast<uint8_t>(FrameState::kTail);
    frame.kind = static_cast<uint8_t>(PageKind::kFree);
  }
  uint64_t pfn = PfnOf(first);
  uint64_t end_pfn = pfn + count;
  while (pfn < end_pfn) {
    uint32_t order = MaximalOrder(pfn, end_pfn);
    InsertFreeBlock(static_cast<uint32_t>(pfn - PfnOf(0)), order);
    pfn += PagesInOrder(order);
  }
  return {};
}

Result<void> BuddyAllocator::ReserveRange(uint64_t base, uint64_t size, PageKind kind) {
  if (kind == PageKind::kFree || static_cast<size_t>(kind) >= kPageKindCount) {
    return Error(Status::kInvalidArgument);
  }
  uint32_t first = 0;
  uint32_t count = 0;
  RAEEN_TRY(CheckRange(base, size, &first, &count));
  for (uint32_t i = first; i < first + count; ++i) {
    if (static_cast<FrameState>(frames_[i].state) != FrameState::kAbsent) {
      return Error(Status::kAlreadyExists);
    }
  }
  for (uint32_t i = first; i < first + count; ++i) {
    frames_[i].state = static_cast<uint8_t>(FrameState::kReserved);
    frames_[i].kind = static_cast<uint8_t>(kind);
  }
  stats_.PagesOf(kind) += count;
  return {};
}

void BuddyAllocator::PushFree(uint32_t index, uint32_t order) {
  PageFrame& frame = frames_[index];
  frame.state = static_cast<uint8_t>(FrameState::kFreeHead);
  frame.order = static_cast<uint8_t>(order);
  frame.kind = static_cast<uint8_t>(PageKind::kFree);
  frame.prev = kNoFrame;
  frame.next = free_heads_[order];
  if (frame.next != kNoFrame) frames_[frame.next].prev = index;
  free_heads_[order] = index;
  ++free_blocks_[order];
}

void BuddyAllocator::RemoveFree(uint32_t index, uint32_t order) {
  PageFrame& frame = frames_[index];
  if (frame.prev != kNoFrame) {
    frames_[frame.prev].next = frame.next;
  } else {
    free_heads_[order] = frame.next;
  }
  if (frame.next != kNoFrame) frames_[frame.next].prev = frame.prev;
  frame.next = kNoFrame;
  frame.prev = kNoFrame;
  --free_blocks_[order];
}

void BuddyAllocator::InsertFreeBlock(uint32_t index, uint32_t order) {
  frames_[index].state = static_cast<uint8_t>(FrameState::kTail);
  uint64_t first_pfn = PfnOf(0);
  uint64_t pfn = PfnOf(index);
  while (order < kMaxBuddyOrder) {
    uint64_t buddy_pfn = pfn ^ PagesInOrder(order);
    if (buddy_pfn < first_pfn || buddy_pfn - first_pfn >= span_frames_) break;
    auto buddy = static_cast<uint32_t>(buddy_pfn - first_pfn);
    const PageFrame& frame = frames_[buddy];
    if (static_cast<FrameState>(frame.state) != FrameState::kFreeHead || frame.order != order) {
      break;
    }
    RemoveFree(buddy, order);
    frames_[buddy].state = static_cast<uint8_t>(FrameState::kTail);
    pfn = rstd::Min(pfn, buddy_pfn);
    ++order;
  }
  PushFree(static_cast<uint32_t>(pfn - first_pfn), order);
}

Result<uint64_t> BuddyAllocator::AllocatePages(uint32_t order, PageKind kind) {
  if (order > kMaxBuddyOrder || !IsAllocatableKind(kind)) return Error(Status::kInvalidArgument);
  if (frames_ == nullptr) return Error(Status::kNoMemory);
  uint32_t found = order;
  while (found <= kMaxBuddyOrder && free_heads_[found] == kNoFrame) ++found;
  if (found > kMaxBuddyOrder) return Error(Status::kNoMemory);

  uint32_t index = free_heads_[found];
  RemoveFree(index, found);
  // Keep the lower half, return the upper halves to the free lists.
  while (found > order) {
    --found;
    PushFree(index + static_cast<uint32_t>(PagesInOrder(found)), found);
  }
  PageFrame& frame = frames_[index];
  frame.state = static_cast<uint8_t>(FrameState::kAllocatedHead);
  frame.order = static_cast<uint8_t>(order);
  frame.kind = static_cast<uint8_t>(kind);
  stats_.free_pages -= PagesInOrder(order);
  stats_.PagesOf(kind) += PagesInOrder(order);
  return span_base_ + (uint64_t{index} << kPageFrameShift);
}

uint32_t BuddyAllocator::FindEnclosingHead(uint32_t index) const {
  uint64_t first_pfn = PfnOf(0);
  uint64_t pfn = PfnOf(index);
  // Blocks are naturally aligned, so the head of a block of order o containing `pfn` is pfn
  // rounded down to 2^o pages.
  for (uint32_t order = 0; order <= kMaxBuddyOrder; ++order) {
    uint64_t head_pfn = rstd::AlignDown(pfn, PagesInOrder(order));
    if (head_pfn < first_pfn) break;
    const PageFrame& head = frames_[head_pfn - first_pfn];
    auto state = static_cast<FrameState>(head.state);
    if ((state == FrameState::kFreeHead || state == FrameState::kAllocatedHead) &&
        head.order >= order) {
      return static_cast<uint32_t>(head_pfn - first_pfn);
    }
  }
  return kNoFrame;
}

Result<void> BuddyAllocator::FreePages(uint64_t physical, uint32_t order) {
  if (!rstd::IsAligned(physical, kPageFrameSize) || order > kMaxBuddyOrder) {
    return Error(Status::kInvalidArgument);
  }
  if (frames_ == nullptr || physical < span_base_ || physical - span_base_ >= span_size()) {
    return Error(Status::kOutOfRange);
  }
  auto index = static_cast<uint32_t>((physical - span_base_) >> kPageFrameShift);
  PageFrame& frame = frames_[index];
  switch (static_cast<FrameState>(frame.state)) {
    case FrameState::kAllocatedHead:
      if (frame.order != order) return Error(Status::kInvalidArgument);
      break;
    case FrameState::kFreeHead: return Error(Status::kBadState);
    case FrameState::kAbsent:
    case FrameState::kReserved: return Error(Status::kOutOfRange);
    case FrameState::kTail: {
      uint32_t head = FindEnclosingHead(index);
      if (head != kNoFrame &&
          static_cast<FrameState>(frames_[head].state) == FrameState::kFreeHead) {
        return Error(Status::kBadState);
      }
      return Error(Status::kInvalidArgument);
    }
  }
  stats_.PagesOf(static_cast<PageKind>(frame.kind)) -= PagesInOrder(order);
  stats_.free_pages += PagesInOrder(order);
  InsertFreeBlock(index, order);
  return {};
}

Result<BuddyAllocator::AllocatedBlock> BuddyAllocator::FindAllocatedBlock(uint64_t physical) const {
  if (frames_ == nullptr || !rstd::IsAligned(physical, kPageFrameSize) || physical < span_base_ ||
      physical - span_base_ >= span_size()) {
    return Error(Status::kInvalidArgument);
  }
  const PageFrame& frame = frames_[(physical - span_base_) >> kPageFrameShift];
  if (static_cast<FrameState>(frame.state) != FrameState::kAllocatedHead) {
    return Error(Status::kInvalidArgument);
  }
  return AllocatedBlock{frame.order, static_cast<PageKind>(frame.kind)};
}

uint64_t BuddyAllocator::FreeBlocks(uint32_t order) const {
  return order <= kMaxBuddyOrder ? free_blocks_[order] : 0;
}

Result<void> BuddyAllocator::Verify() const {
  if (frames_ == nullptr) return {};
  PhysicalMemoryStats counted{};
  uint64_t free_heads_seen[kMaxBuddyOrder + 1] = {};
  uint64_t first_pfn = PfnOf(0);

  // Every frame is absent, reserved, or belongs to exactly one well-formed block.
  for (uint64_t i = 0; i < span_frames_;) {
    const PageFrame& frame = frames_[i];
    auto state = static_cast<FrameState>(frame.state);
    if (state == FrameState::kAbsent) {
      ++i;
      continue;
    }
    if (state == FrameState::kReserved) {
      auto kind = static_cast<PageKind>(frame.kind);
      if (kind == PageKind::kFree || frame.kind >= kPageKindCount) {
        return Error(Status::kCorrupt);
      }
      ++counted.PagesOf(kind);
      ++i;
      continue;
    }
    if (state != FrameState::kFreeHead && state != FrameState::kAllocatedHead) {
      return Error(Status::kCorrupt);  // a tail outside any block, or an unknown state
    }
    uint32_t order = frame.order;
    if (order > kMaxBuddyOrder || !rstd::IsAligned(first_pfn + i, PagesInOrder(order)) ||
        PagesInOrder(order) > span_frames_ - i) {
      return Error(Status::kCorrupt);
    }
    for (uint64_t t = i + 1; t < i + PagesInOrder(order); ++t) {
      if (static_cast<FrameState>(frames_[t].state) != FrameState::kTail) {
        return Error(Status::kCorrupt);
      }
    }
    if (state == FrameState::kFreeHead) {
      if (frame.kind != static_cast<uint8_t>(PageKind::kFree)) return Error(Status::kCorrupt);
      ++free_heads_seen[order];
      // Two free buddies of the same order should have been merged.
      uint64_t buddy_pfn = (first_pfn + i) ^ PagesInOrder(order);
      if (order < kMaxBuddyOrder && buddy_pfn >= first_pfn &&
          buddy_pfn - first_pfn < span_frames_) {
        const PageFrame& buddy = frames_[buddy_pfn - first_pfn];
        if (static_cast<FrameState>(buddy.state) == FrameState::kFreeHead && buddy.order == order) {
          return Error(Status::kCorrupt);
        }
      }
      counted.free_pages += PagesInOrder(order);
    } else {
      auto kind = static_cast<PageKind>(frame.kind);
      if (!IsAllocatableKind(kind)) return Error(Status::kCorrupt);
      counted.PagesOf(kind) += PagesInOrder(order);
    }
    i += PagesInOrder(order);
  }
  if (counted != stats_) return Error(Status::kCorrupt);

  // Each list holds exactly the free heads of its order, correctly linked.
  for (uint32_t order = 0; order <= kMaxBuddyOrder; ++order) {
    uint64_t length = 0;
    uint32_t previous = kNoFrame;
    for (uint32_t index = free_heads_[order]; index != kNoFrame; index = frames_[index].next) {
      if (index >= span_frames_ || length > span_frames_) return Error(Status::kCorrupt);
      const PageFrame& frame = frames_[index];
      if (static_cast<FrameState>(frame.state) != FrameState::kFreeHead || frame.order != order ||
          frame.prev != previous) {
        return Error(Status::kCorrupt);
      }
      previous = index;
      ++length;
    }
    if (length != free_blocks_[order] || length != free_heads_seen[order]) {
      return Error(Status::kCorrupt);
    }
  }
  return {};
}

Result<BuddyMemoryPlan> PlanBuddyMemory(rstd::Span<const boot::MemoryRange> map) {
  uint64_t low = UINT64_MAX;
  uint64_t high = 0;
  for (const boot::MemoryRange& range : map) {
    uint64_t end = 0;
    if (!rstd::IsAligned(range.base, kPageFrameSize) ||
        !rstd::IsAligned(range.size, kPageFrameSize) ||
        !rstd::CheckedAdd(range.base, range.size, &end)) {
      return Error(Status::kInvalidArgument);
    }
    PageKind kind{};
    if (range.size == 0 || !PageKindForBootMemory(range.kind, &kind)) continue;
    low = rstd::Min(low, range.base);
    high = rstd::Max(high, end);
  }
  if (high == 0) return Error(Status::kNotFound);

  BuddyMemoryPlan plan;
  plan.span_base = low;
  plan.span_size = high - low;
  plan.metadata_size = rstd::AlignUp(BuddyAllocator::MetadataBytes(plan.span_size), kPageFrameSize);
  // The largest usable range takes the metadata, at its top: the low part keeps its large
  // aligned blocks.
  const boot::MemoryRange* largest = nullptr;
  for (const boot::MemoryRange& range : map) {
    if (range.kind != boot::MemoryKind::kUsable) continue;
    if (largest == nullptr || range.size > largest->size) largest = &range;
  }
  if (largest == nullptr || largest->size < plan.metadata_size) return Error(Status::kNoMemory);
  plan.metadata_base = largest->base + largest->size - plan.metadata_size;
  return plan;
}

Result<void> AddBootMemory(BuddyAllocator& allocator, rstd::Span<const boot::MemoryRange> map,
                           const BuddyMemoryPlan& plan) {
  uint64_t metadata_end = plan.metadata_base + plan.metadata_size;
  for (const boot::MemoryRange& range : map) {
    PageKind kind{};
    if (!PageKindForBootMemory(range.kind, &kind)) continue;
    uint64_t end = range.base + range.size;
    if (kind != PageKind::kFree) {
      RAEEN_TRY(allocator.ReserveRange(range.base, range.size, kind));
      continue;
    }
    // The usable range less the metadata: the part below it and the part above it.
    uint64_t below_end = rstd::Min(end, plan.metadata_base);
    if (range.base < below_end) RAEEN_TRY(allocator.AddRange(range.base, below_end - range.base));
    uint64_t above_base = rstd::Max(range.base, metadata_end);
    if (above_base < end) RAEEN_TRY(allocator.AddRange(above_base, end - above_base));
  }
  return allocator.ReserveRange(plan.metadata_base, plan.metadata_size, PageKind::kKernel);
}

Result<void> ReclaimBootMemory(BuddyAllocator& allocator, rstd::Span<const boot::MemoryRange> map,
                               boot::MemoryKind kind) {
  for (const boot::MemoryRange& range : map) {
    if (range.kind == kind) RAEEN_TRY(allocator.CheckAddRange(range.base, range.size));
  }
  for (const boot::MemoryRange& range : map) {
    if (range.kind == kind) RAEEN_TRY(allocator.AddRange(range.base, range.size));
  }
  return {};
}

}  // namespace raeen::kernel
