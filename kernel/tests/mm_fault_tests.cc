// In-kernel tests of memory protection: the mapper's W^X rule on a real address space, and
// faults that end the boot on purpose (KTEST_MANUAL, checked from outside by the mm.wx and
// mm.guard system scenarios).

#include "kernel/arch/x86_64/tlb.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/kernel_heap.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_page_tables.h"

namespace raeen::kernel {

// Not static and not inlined, so the reports name them.
[[gnu::noinline]] void WriteToKernelText() {
  auto* text = reinterpret_cast<volatile uint8_t*>(&WriteToKernelText);
  *text = 0xc3;
}

[[gnu::noinline]] void ExecuteHeapMemory() {
  Result<void*> memory = KernelHeapInstance().Allocate(64);
  if (!memory.ok()) return;
  *static_cast<volatile uint8_t*>(*memory) = 0xc3;  // ret
  reinterpret_cast<void (*)()>(*memory)();
}

// Each frame keeps a 512-byte buffer alive, so the recursion reaches the guard page below the
// 64 KiB boot stack after about 128 calls, long before this (volatile, so not provably
// infinite to the compiler) limit.
volatile uint64_t overflow_depth_limit = 1'000'000;

[[gnu::noinline]] uint64_t OverflowTheStack(uint64_t depth) {
  volatile uint8_t frame[512];
  frame[0] = static_cast<uint8_t>(depth);
  if (depth >= overflow_depth_limit) return frame[0];
  return OverflowTheStack(depth + 1) + frame[0];
}

namespace {

KTEST(mm, mapper_refuses_write_execute) {
  const BootInfo& info = GetBootInfo();
  KernelTableMemory memory(PhysicalPages(), info.handoff->direct_map_base);
  arch::LocalTlbInvalidator tlb;
  uint64_t table_pages_before = PhysicalPages().stats().page_table_pages;
  // A scratch address space that is never loaded: the rules are the mapper's, not the CPU's.
  Result<PageTable> table = PageTable::Create(memory, memory, tlb);
  KTEST_EXPECT(table.ok());
  if (!table.ok()) return;
  constexpr uint64_t kVirt = 0xffffff8000000000;
  Result<uint64_t> page = PhysicalPages().AllocatePages(0, PageKind::kKernel);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  Result<void> wx = table->Map(kVirt, *page, 4096, Protection{.writable = true, .executable = true});
  KTEST_EXPECT(wx.status() == Status::kInvalidArgument);
  KTEST_EXPECT(table->Map(kVirt, *page, 4096, Protection{.executable = true}).ok());
  Result<Translation> translation = table->Translate(kVirt);
  KTEST_EXPECT(translation.ok() && translation->phys == *page);
  KTEST_EXPECT(table->Map(kVirt, *page, 4096, Protection{.writable = true}).status() ==
               Status::kAlreadyExists);
  table->FreeAllTables();
  KTEST_EXPECT(PhysicalPages().stats().page_table_pages == table_pages_before);
  KTEST_EXPECT(PhysicalPages().FreePages(*page, 0).ok());
}

KTEST_MANUAL(mm, write_kernel_text) { WriteToKernelText(); }
KTEST_MANUAL(mm, execute_heap) { ExecuteHeapMemory(); }
KTEST_MANUAL(mm, stack_overflow) { (void)OverflowTheStack(0); }

}  // namespace
}  // namespace raeen::kernel
