#pragma once
// What every page frame of physical memory is used for, counted in pages. The buddy allocator
// (kernel/mm/buddy_allocator.h) keeps one PhysicalMemoryStats up to date on every allocation,
// free and range change; the kernel log prints it and user space will read it as is.
//
// The counts cover the allocator's span: every page of RAM the boot memory map reports (free,
// used by the kernel, firmware-owned or waiting to be reclaimed). MMIO, reserved holes, bad and
// persistent memory are not RAM the kernel can use and are not counted.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/format.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

// Stored in one byte per page frame; the values never change meaning (user space sees them).
enum class PageKind : uint8_t {
  kFree = 0,       // in the allocator's free lists
  kKernel = 1,     // kernel image, stacks, initrd, the allocator's own metadata, kernel data
  kPageTable = 2,  // page-table pages, the loader's and the kernel's
  kHeap = 3,       // slab caches and the kernel heap
  kUser = 4,       // memory objects mapped into user space
  kFirmware = 5,   // ACPI NVS and UEFI runtime memory: firmware's, forever
  kReserved = 6,   // boot-services, loader and ACPI-table memory waiting to be reclaimed
};
inline constexpr size_t kPageKindCount = 7;

// A short lowercase name for logs ("page-tables").
rstd::StringView PageKindName(PageKind kind);

// True for the kinds AllocatePages hands out (kernel, page tables, heap, user).
constexpr bool IsAllocatableKind(PageKind kind) {
  return kind == PageKind::kKernel || kind == PageKind::kPageTable || kind == PageKind::kHeap ||
         kind == PageKind::kUser;
}

// How boot memory of each handoff kind is accounted before the kernel takes it over. Returns
// false for the kinds that are not RAM the kernel can use (reserved, MMIO, bad, persistent):
// they stay outside the allocator. kUsable maps to kFree.
bool PageKindForBootMemory(boot::MemoryKind memory_kind, PageKind* kind);

// True when [base, base + size) shares a byte with a range of `map` that is RAM by
// PageKindForBootMemory: what the page allocator hands out, the kernel image, the initrd,
// firmware memory. memory_create_physical refuses such a range, or user space could map kernel
// memory. A range that wraps past 2^64 counts as overlapping; an empty one never does.
bool OverlapsRam(rstd::Span<const boot::MemoryRange> map, uint64_t base, uint64_t size);

// Pages per kind. Only fixed-width fields in a fixed order: this is also the layout user space
// will receive.
struct PhysicalMemoryStats {
  uint64_t free_pages = 0;
  uint64_t kernel_pages = 0;
  uint64_t page_table_pages = 0;
  uint64_t heap_pages = 0;
  uint64_t user_pages = 0;
  uint64_t firmware_pages = 0;
  uint64_t reserved_pages = 0;

  uint64_t& PagesOf(PageKind kind);
  uint64_t PagesOf(PageKind kind) const;
  uint64_t TotalPages() const;

  friend bool operator==(const PhysicalMemoryStats&, const PhysicalMemoryStats&) = default;
};

// One line for the log: "free 120 MiB, kernel 3172 KiB, page-tables 64 KiB, ...". Sizes from
// 16 MiB up are printed in MiB (rounded down), smaller ones exactly in KiB.
void WritePhysicalMemoryStats(rstd::Writer& out, const PhysicalMemoryStats& stats);

}  // namespace raeen::kernel
