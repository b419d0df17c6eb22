#include "kernel/mm/kernel_address_space.h"

#include "boot/uefi/direct_map.h"
#include "kernel/arch/x86_64/tlb.h"
#include "kernel/boot/boot_info.h"
#include "kernel/debug/panic.h"
#include "kernel/log/log.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_page_tables.h"
#include "libs/rstd/placement_new.h"
#include "libs/rstd/utility.h"

// Segment boundaries from kernel/kernel.ld (link addresses; the kernel is linked at 0).
extern "C" const char __kernel_start[];
extern "C" const char __text_end[];
extern "C" const char __rodata_end[];
extern "C" const char __kernel_end[];

namespace raeen::kernel {
namespace {

alignas(KernelTableMemory) unsigned char table_memory_storage[sizeof(KernelTableMemory)];
// Every CPU runs on these tables: changes are shot down everywhere (only here before the APs
// are online).
arch::ShootdownTlbInvalidator tlb;
constinit KernelPageTable kernel_address_space;
alignas(PageTable) unsigned char address_space_storage[sizeof(PageTable)];

uint64_t Address(const char* symbol) { return reinterpret_cast<uint64_t>(symbol); }

// The direct map covers what the loader's did: every memory-map range and the framebuffer,
// rounded out to 2 MiB and merged by the same planner (boot/uefi/direct_map.h), so its holes
// stay unmapped. Returns the number of planned ranges written to `plan` (heap-allocated by
// the caller with room for memory_map_count + 1 entries).
Result<size_t> PlanKernelDirectMap(const boot::Handoff& handoff, rstd::Span<boot::PhysicalRange> plan,
                                   rstd::Span<boot::PhysicalRange> input) {
  rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count);
  size_t count = 0;
  for (const boot::MemoryRange& range : map) input[count++] = {range.base, range.size};
  if (handoff.framebuffer.format != boot::PixelFormat::kNone) {
    input[count++] = {handoff.framebuffer.base, handoff.framebuffer.size};
  }
  boot::Diagnostic diag;
  Result<size_t> planned = boot::PlanDirectMap(
      rstd::Span<const boot::PhysicalRange>(input.data(), count), plan, diag);
  if (!planned.ok()) LogError("mm: direct map plan failed: {}", diag.text());
  return planned;
}

Result<uint64_t> BootStackPhysical(const boot::Handoff& handoff) {
  rstd::Span<const boot::MemoryRange> map(
      PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count);
  for (const boot::MemoryRange& range : map) {
    if (range.kind == boot::MemoryKind::kKernelStack && range.size == handoff.stack_size) {
      return range.base;
    }
  }
  return Error(Status::kNotFound);
}

}  // namespace

Result<void> SwitchToKernelAddressSpace(const boot::Handoff& handoff, bool pages_1g) {
  RAEEN_TRY(uint64_t stack_phys, BootStackPhysical(handoff));
  auto* memory = new (table_memory_storage)
      KernelTableMemory(PhysicalPages(), handoff.direct_map_base);
  RAEEN_TRY(PageTable table, PageTable::Create(*memory, *memory, tlb,
                                                     {.pages_1g = pages_1g,
                                                      .pin_upper_half_root = true}));

  // The image, segment by segment: virtual = kernel_virt + link address.
  const uint64_t base = handoff.kernel_virt;
  struct Segment {
    uint64_t start, end;
    Protection protection;
  };
  const Segment segments[] = {
      {Address(__kernel_start), Address(__text_end), {.executable = true, .global = true}},
      {Address(__text_end), Address(__rodata_end), {.global = true}},
      {Address(__rodata_end), Address(__kernel_end), {.writable = true, .global = true}},
  };
  Result<void> mapped = {};
  for (const Segment& segment : segments) {
    // The code runs at kernel_virt, so the symbols are already virtual addresses.
    uint64_t offset = segment.start - base;
    mapped = table.Map(segment.start, handoff.kernel_phys + offset, segment.end - segment.start,
                       segment.protection);
    if (!mapped.ok()) break;
  }
  if (mapped.ok()) {
    mapped = table.Map(handoff.stack_virt_top - handoff.stack_size, stack_phys, handoff.stack_size,
                       {.writable = true, .global = true});
  }
  const size_t capacity = size_t{handoff.memory_map_count} + 1;
  AllocChecker checker;
  auto* ranges = new (checker) boot::PhysicalRange[2 * capacity];
  if (!checker.Check()) {
    table.FreeAllTables();
    return Error(Status::kNoMemory);
  }
  rstd::Span<boot::PhysicalRange> plan(ranges, capacity);
  Result<size_t> span_count =
      PlanKernelDirectMap(handoff, plan, rstd::Span<boot::PhysicalRange>(ranges + capacity, capacity));
  if (!span_count.ok()) mapped = Error(span_count.status());
  for (size_t i = 0; mapped.ok() && i < *span_count; ++i) {
    mapped = table.Map(handoff.direct_map_base + plan[i].base, plan[i].base, plan[i].size,
                       {.writable = true, .global = true});
  }
  delete[] ranges;
  // Every process shares the kernel half by copying the PML4's upper entries once, so those
  // entries must never change again: 256 page-directory-pointer tables (1 MiB) up front.
  if (mapped.ok()) mapped = table.FillUpperHalfRoot();
  if (!mapped.ok()) {
    table.FreeAllTables();
    return mapped;
  }
  PageTable* address_space = new (address_space_storage) PageTable(rstd::Move(table));
  kernel_address_space.table_ = address_space;
  kernel_address_space.root_ = address_space->root();
  // The new tables map everything the kernel touches at the same addresses, so execution
  // continues right after the load; global entries of the old tables are dropped with it.
  // One CPU runs at this point, so the local flush is all there is.
  asm volatile("mov %0, %%cr3" : : "r"(address_space->root()) : "memory");
  arch::LocalTlbInvalidator().InvalidateAll();
  LogInfo("mm: kernel address space at {:#x}: {} table pages, direct map in {} spans",
          address_space->root(), address_space->table_pages(), *span_count);
  return {};
}

PageTable& KernelPageTable::Table() {
  RAEEN_ASSERT(table_ != nullptr);
  return *table_;
}

Result<void> KernelPageTable::Map(uint64_t virt, uint64_t phys, uint64_t size,
                                  Protection protection) {
  return WithLocked([&](PageTable& table) { return table.Map(virt, phys, size, protection); });
}

Result<void> KernelPageTable::MapIdentity(uint64_t phys, uint64_t size, Protection protection) {
  return WithLocked([&](PageTable& table) { return table.MapIdentity(phys, size, protection); });
}

Result<void> KernelPageTable::Unmap(uint64_t virt, uint64_t size) {
  return WithLocked([&](PageTable& table) { return table.Unmap(virt, size); });
}

Result<void> KernelPageTable::Protect(uint64_t virt, uint64_t size, Protection protection) {
  return WithLocked([&](PageTable& table) { return table.Protect(virt, size, protection); });
}

Result<PageTable> KernelPageTable::CreateUserTables(PageTableAllocator& allocator,
                                                   PhysicalMemoryAccess& memory,
                                                   TlbInvalidator& tlb) {
  return WithLocked([&](PageTable& table) {
    return PageTable::CreateSharingUpperHalf(allocator, memory, tlb, table);
  });
}

Result<size_t> KernelPageTable::Merge(uint64_t virt, uint64_t size) {
  return WithLocked([&](PageTable& table) { return table.Merge(virt, size); });
}

Result<Translation> KernelPageTable::Translate(uint64_t virt) {
  return WithLocked([&](PageTable& table) { return table.Translate(virt); });
}

void KernelPageTable::Walk(PageTableVisitor& visitor) {
  WithLocked([&](PageTable& table) { table.Walk(visitor); });
}

size_t KernelPageTable::table_pages() {
  return WithLocked([&](PageTable& table) { return table.table_pages(); });
}

KernelPageTable& KernelAddressSpace() { return kernel_address_space; }

}  // namespace raeen::kernel
