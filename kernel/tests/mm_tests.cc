// In-kernel tests of the physical page allocator and the kernel heap on real memory.

#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"

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
  // Chain the blocks through their own first word so no other memory is needed.
  uint64_t chain = 0;
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
  while (chain != 0) {
    auto* header = PhysicalToVirtual<uint64_t>(chain);
    uint64_t next = header[0];
    KTEST_EXPECT(pages.FreePages(chain, static_cast<uint32_t>(header[1])).ok());
    chain = next;
  }
  KTEST_EXPECT(pages.stats().free_pages == free_before);
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
