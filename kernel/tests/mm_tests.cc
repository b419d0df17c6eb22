// In-kernel tests of the physical page allocator and the kernel heap on real memory, and of
// their locks: every CPU allocating and freeing pages, heap blocks and kernel stacks at once.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/tlb.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_stacks.h"
#include "kernel/time/monotonic_clock.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

KTEST(mm, pages_are_writable_through_the_direct_map) {
  PhysicalPageAllocator& pages = PhysicalPages();
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
  PhysicalPageAllocator& pages = PhysicalPages();
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

// --- Every CPU at once ---

constexpr uint64_t kStressRounds = 1000;
struct StressState {
  uint64_t participants;
  uint64_t cpus_started;
  uint64_t cpus_done;
  uint64_t failures;
};
StressState stress;

// One CPU's share: pages of a few orders, heap blocks of small and large classes, and now and
// then a kernel stack (which maps, unmaps and shoots down), each written to and checked.
void AllocateAndFreeRepeatedly(void*) {
  uint64_t failures = 0;
  const uint64_t tag = 0x5eed'0000ull | arch::CurrentCpu()->index;
  // Start together, so that the loops really overlap.
  __atomic_fetch_add(&stress.cpus_started, 1, __ATOMIC_ACQ_REL);
  while (__atomic_load_n(&stress.cpus_started, __ATOMIC_ACQUIRE) < stress.participants) {
    arch::ServiceCrossCpuWork();
    arch::Pause();
  }
  for (uint64_t round = 0; round < kStressRounds; ++round) {
    const uint32_t order = static_cast<uint32_t>(round % 3);
    Result<uint64_t> page = PhysicalPages().AllocatePages(order, PageKind::kKernel);
    const size_t size = (round % 5 == 4) ? 3 * 4096 : 16u << (round % 7);
    Result<void*> block = KernelHeapInstance().Allocate(size);
    if (!page.ok() || !block.ok()) ++failures;
    if (page.ok()) *PhysicalToVirtual<volatile uint64_t>(*page) = tag + round;
    if (block.ok()) *static_cast<volatile uint64_t*>(*block) = tag + round;
    if (round % 10 == 0) {
      Result<StackRange> stack = AllocateKernelStack(8192);
      if (stack.ok()) {
        *reinterpret_cast<volatile uint64_t*>(stack->high - 8) = tag;
        if (*reinterpret_cast<volatile uint64_t*>(stack->high - 8) != tag) ++failures;
        if (!FreeKernelStack(*stack).ok()) ++failures;
      } else {
        ++failures;
      }
    }
    // Another CPU wrote to our page or block: the allocator handed it out twice.
    if (page.ok() && *PhysicalToVirtual<volatile uint64_t>(*page) != tag + round) ++failures;
    if (block.ok() && *static_cast<volatile uint64_t*>(*block) != tag + round) ++failures;
    if (page.ok() && !PhysicalPages().FreePages(*page, order).ok()) ++failures;
    if (block.ok() && !KernelHeapInstance().Free(*block).ok()) ++failures;
    // The other CPUs run this with interrupts off: answer requests now and then.
    arch::ServiceCrossCpuWork();
  }
  __atomic_fetch_add(&stress.failures, failures, __ATOMIC_RELAXED);
  __atomic_fetch_add(&stress.cpus_done, 1, __ATOMIC_RELEASE);
}

KTEST(mm, every_cpu_allocating_at_once_keeps_the_counts) {
  const arch::CpuMask aps = arch::OtherOnlineCpus();
  const uint64_t ap_count = static_cast<uint64_t>(__builtin_popcountll(aps));
  // Empty slabs the heap keeps would move pages between the counts; drop them first.
  (void)KernelHeapInstance().Shrink();
  const PhysicalMemoryStats before = PhysicalPages().stats();
  const KernelHeapStats heap_before = KernelHeapInstance().Stats();
  const uint64_t shootdowns_before = arch::TlbShootdownCount();
  stress = {};
  stress.participants = ap_count + 1;
  if (aps != 0) {
    KTEST_EXPECT(arch::RunOnCpus(aps, &AllocateAndFreeRepeatedly, nullptr, /*wait=*/false,
                                 arch::CallKind::kMayLock)
                     .ok());
  }
  AllocateAndFreeRepeatedly(nullptr);
  const uint64_t limit = MonotonicNanoseconds() + 20'000'000'000;
  while (__atomic_load_n(&stress.cpus_done, __ATOMIC_ACQUIRE) < ap_count + 1 &&
         MonotonicNanoseconds() < limit) {
    arch::Pause();
  }
  KTEST_EXPECT(__atomic_load_n(&stress.cpus_done, __ATOMIC_ACQUIRE) == ap_count + 1);
  KTEST_EXPECT(stress.failures == 0);
  (void)KernelHeapInstance().Shrink();
  const PhysicalMemoryStats after = PhysicalPages().stats();
  // Every page came back, except table pages new stack slots needed (they stay mapped).
  KTEST_EXPECT(after.kernel_pages == before.kernel_pages);
  KTEST_EXPECT(after.heap_pages == before.heap_pages);
  KTEST_EXPECT(after.page_table_pages >= before.page_table_pages);
  KTEST_EXPECT(after.free_pages + after.page_table_pages ==
               before.free_pages + before.page_table_pages);
  KTEST_EXPECT(PhysicalPages().Verify().ok());
  const KernelHeapStats heap_after = KernelHeapInstance().Stats();
  KTEST_EXPECT(heap_after.small_objects == heap_before.small_objects);
  KTEST_EXPECT(heap_after.large_allocations == heap_before.large_allocations);
  // Unmapping the stacks reached the other CPUs.
  if (aps != 0) KTEST_EXPECT(arch::TlbShootdownCount() > shootdowns_before);
}

}  // namespace
}  // namespace raeen::kernel
