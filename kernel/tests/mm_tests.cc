// In-kernel tests of the physical page allocator and the kernel heap on real memory.

#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

KTEST(mm, pages_are_writable_through_the_direct_map) {
  BuddyAllocator& pages = PhysicalPages();
  uint64_t free_before = pages.stats().free_pages;
  Result<uint64_t> block = pages.AllocatePages(3, PageKind::kKernel);  // 32 KiB
  KTEST_EXPECT(block.ok());
  if (!block.ok()) return;
  auto* words = PhysicalToVirtual<volatile uint64_t>(*block);
  for (uint64_t i = 0; i < 8 * 4096 / 8; ++i) words[i] = *block + i;
  bool intact = true;
  for (uint64_t i = 0; i < 8 * 4096 / 8; ++i) intact = intact && words[i] == *block + i;
  KTEST_EXPECT(intact);
  KTEST_EXPECT(pages.stats().free_pages == free_before - 8);
  KTEST_EXPECT(pages.FreePages(*block, 3).ok());
  KTEST_EXPECT(pages.stats().free_pages == free_before);
  // A second free of the same block is refused, not absorbed.
  KTEST_EXPECT(pages.FreePages(*block, 3).status() == Status::kBadState);
}

// Exhausting physical memory returns kNoMemory (no panic), and everything comes back.
KTEST(mm, exhaustion_is_an_error_not_a_panic) {
  BuddyAllocator& pages = PhysicalPages();
  uint64_t free_before = pages.stats().free_pages;
  // Chain the blocks through their own first word so no other memory is needed. The chain
  // ends in ~0, not 0: the end marker must not be an address the allocator could hand out.
  constexpr uint64_t kEnd = ~uint64_t{0};
  uint64_t chain = kEnd;
  uint64_t blocks = 0;
  for (uint32_t order = kMaxBuddyOrder + 1; order-- > 0;) {
    for (;;) {
      Result<uint64_t> block = pages.AllocatePages(order, PageKind::kKernel);
      if (!block.ok()) {
        KTEST_EXPECT(block.status() == Status::kNoMemory);
        break;
      }
      auto* header = PhysicalToVirtual<uint64_t>(*block);
      header[0] = chain;
      header[1] = order;
      chain = *block;
      ++blocks;
    }
  }
  KTEST_EXPECT(pages.stats().free_pages == 0);
  KTEST_EXPECT(blocks > 0);
  while (chain != kEnd) {
    auto* header = PhysicalToVirtual<uint64_t>(chain);
    uint64_t next = header[0];
    KTEST_EXPECT(pages.FreePages(chain, static_cast<uint32_t>(header[1])).ok());
    chain = next;
  }
  KTEST_EXPECT(pages.stats().free_pages == free_before);
}

// After TakeOverBootMemory only ACPI tables and boot memory below 1 MiB stay reserved; the
// handoff and the kernel file the kernel reads are its own copies.
KTEST(mm, boot_memory_is_reclaimed) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count);
  constexpr uint64_t kLowMemoryEnd = 1ull << 20;
  uint64_t expected_reserved = 0;
  for (const boot::MemoryRange& range : map) {
    if (range.kind == boot::MemoryKind::kAcpiReclaimable) expected_reserved += range.size;
    if ((range.kind == boot::MemoryKind::kBootReclaimable ||
         range.kind == boot::MemoryKind::kLoaderReclaimable) &&
        range.base < kLowMemoryEnd) {
      uint64_t end = range.base + range.size;
      expected_reserved += (end < kLowMemoryEnd ? end : kLowMemoryEnd) - range.base;
    }
    // Nothing the kernel still reads lies in memory it gave away.
    bool given_away = range.kind == boot::MemoryKind::kLoaderReclaimable ||
                      range.kind == boot::MemoryKind::kKernelFile ||
                      range.kind == boot::MemoryKind::kBootReclaimable;
    if (given_away) {
      KTEST_EXPECT(!rstd::RangeContains(range.base, range.size, handoff.memory_map, 1));
      KTEST_EXPECT(!rstd::RangeContains(range.base, range.size, handoff.kernel_file, 1));
    }
  }
  KTEST_EXPECT(PhysicalPages().stats().reserved_pages * 4096 == expected_reserved);
  // The symbols now come from the copy of the kernel file.
  const Symbolizer* symbols = GetBootInfo().symbolizer;
  KTEST_EXPECT(symbols != nullptr && symbols->AddressOf("KernelMain").ok());
}

struct alignas(64) Aligned {
  uint64_t words[10];
};

KTEST(mm, heap_new_and_delete) {
  AllocChecker checker;
  auto* numbers = new (checker) uint64_t[100];
  KTEST_EXPECT(checker.Check());
  if (numbers == nullptr) return;
  for (uint64_t i = 0; i < 100; ++i) numbers[i] = i * i;
  KTEST_EXPECT(numbers[99] == 9801);
  delete[] numbers;

  AllocChecker aligned_checker;
  auto* aligned = new (aligned_checker) Aligned{};
  KTEST_EXPECT(aligned_checker.Check());
  KTEST_EXPECT(reinterpret_cast<uintptr_t>(aligned) % 64 == 0);
  delete aligned;

  // A large allocation goes to whole pages and comes back.
  Result<void*> big = KernelHeapInstance().Allocate(1 << 20);
  KTEST_EXPECT(big.ok());
  if (big.ok()) KTEST_EXPECT(KernelHeapInstance().Free(*big).ok());
}

}  // namespace
}  // namespace raeen::kernel
