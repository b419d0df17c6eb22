#include "kernel/bench/mm_benchmarks.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/bench/sample_set.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel::bench {
namespace {

constexpr size_t kIterations = 10000;
// A lower-half address no one else maps while benchmarks run (they run after boot, with no
// user space). Lower-half mappings must be user mappings, as the future ones will be.
constexpr uint64_t kScratchUserPage = 0x00007f0000000000;

uint64_t samples[kIterations];

// Runs `step` kIterations times, timing each with the TSC, and logs the distribution in ns.
// `step` returns false to stop early (an error it has logged).
template <typename Step>
void Measure(rstd::StringView metric, Step step) {
  SampleSet set(samples);
  for (size_t i = 0; i < kIterations; ++i) {
    uint64_t start = arch::ReadTsc();
    if (!step()) return;
    uint64_t end = arch::ReadTsc();
    set.Add(MonotonicClock().TicksToNanoseconds(end - start));
  }
  LogDistribution(metric, "ns", set);
}

}  // namespace

void RunMemoryBenchmarks() {
  Measure("mm.page_alloc_free", [] {
    Result<uint64_t> page = PhysicalPages().AllocatePages(0, PageKind::kKernel);
    if (!page.ok() || !PhysicalPages().FreePages(*page, 0).ok()) {
      LogError("bench: mm.page_alloc_free stopped: {}", page.status());
      return false;
    }
    return true;
  });

  Result<uint64_t> frame = PhysicalPages().AllocatePages(0, PageKind::kKernel);
  if (!frame.ok()) {
    LogError("bench: mm.map_unmap_4k has no page to map: {}", frame.status());
  } else {
    // A neighbour page stays mapped, so the paging structures stay too: the benchmark measures
    // the leaf update and its invalidation, not three table allocations per iteration.
    constexpr Protection kData{.writable = true, .user = true};
    Result<void> neighbour = KernelAddressSpace().Map(kScratchUserPage + 4096, *frame, 4096, kData);
    if (!neighbour.ok()) LogWarn("bench: mm.map_unmap_4k without a neighbour: {}", neighbour.status());
    Measure("mm.map_unmap_4k", [&] {
      Result<void> mapped = KernelAddressSpace().Map(kScratchUserPage, *frame, 4096, kData);
      Result<void> unmapped = mapped.ok() ? KernelAddressSpace().Unmap(kScratchUserPage, 4096)
                                          : Error(mapped.status());
      if (!unmapped.ok()) {
        LogError("bench: mm.map_unmap_4k stopped: {}", unmapped.status());
        return false;
      }
      return true;
    });
    if (neighbour.ok()) (void)KernelAddressSpace().Unmap(kScratchUserPage + 4096, 4096);
    (void)PhysicalPages().FreePages(*frame, 0);
  }

  Measure("mm.heap_alloc_free", [] {
    Result<void*> block = KernelHeapInstance().Allocate(64);
    if (!block.ok() || !KernelHeapInstance().Free(*block).ok()) {
      LogError("bench: mm.heap_alloc_free stopped: {}", block.status());
      return false;
    }
    return true;
  });
}

}  // namespace raeen::kernel::bench
