#pragma once
// Physical memory for host tests of code that runs over the buddy allocator: a host buffer
// posing as RAM at kPhysicalBase, a buddy allocator that owns all of it, and the "direct map"
// base that turns those physical addresses into pointers into the buffer.

#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>

#include <vector>

#include "kernel/mm/buddy_allocator.h"

namespace raeen::kernel::testing {

class HostPhysicalMemory {
 public:
  static constexpr uint64_t kPhysicalBase = 0x4000'0000;
  // The largest buddy block: direct-map addresses must be aligned to it, as in the kernel.
  static constexpr uint64_t kAlignment = kPageFrameSize << kMaxBuddyOrder;

  explicit HostPhysicalMemory(uint64_t bytes)
      : bytes_(bytes), memory_(aligned_alloc(kAlignment, bytes)), frames_(bytes / kPageFrameSize) {
    Result<BuddyAllocator> created = BuddyAllocator::Create(
        kPhysicalBase, bytes, rstd::Span<PageFrame>(frames_.data(), frames_.size()));
    if (created.ok()) buddy_ = created.value();
    created_ = created.ok() && buddy_.AddRange(kPhysicalBase, bytes).ok();
  }
  ~HostPhysicalMemory() {
    // The code under test may leave parts poisoned; the host allocator gets it back clean.
    ASAN_UNPOISON_MEMORY_REGION(memory_, bytes_);
    free(memory_);
  }
  HostPhysicalMemory(const HostPhysicalMemory&) = delete;
  HostPhysicalMemory& operator=(const HostPhysicalMemory&) = delete;

  bool ok() const { return memory_ != nullptr && created_; }
  BuddyAllocator& buddy() { return buddy_; }
  uint64_t direct_map_base() const { return reinterpret_cast<uintptr_t>(memory_) - kPhysicalBase; }
  bool Contains(const void* pointer, uint64_t size) const {
    auto address = reinterpret_cast<uintptr_t>(pointer);
    auto base = reinterpret_cast<uintptr_t>(memory_);
    return address >= base && address + size <= base + bytes_;
  }

 private:
  uint64_t bytes_;
  void* memory_;
  std::vector<PageFrame> frames_;
  BuddyAllocator buddy_;
  bool created_ = false;
};

}  // namespace raeen::kernel::testing
