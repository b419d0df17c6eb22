#include "kernel/mm/physical_memory_stats.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::kernel {
namespace {

TEST(PhysicalMemoryStats, PagesOfAddressesEachField) {
  PhysicalMemoryStats stats;
  for (size_t i = 0; i < kPageKindCount; ++i) stats.PagesOf(static_cast<PageKind>(i)) = i + 1;
  EXPECT_EQ(stats.free_pages, 1u);
  EXPECT_EQ(stats.kernel_pages, 2u);
  EXPECT_EQ(stats.page_table_pages, 3u);
  EXPECT_EQ(stats.heap_pages, 4u);
  EXPECT_EQ(stats.user_pages, 5u);
  EXPECT_EQ(stats.firmware_pages, 6u);
  EXPECT_EQ(stats.reserved_pages, 7u);
  EXPECT_EQ(stats.TotalPages(), 28u);
  const PhysicalMemoryStats& view = stats;
  EXPECT_EQ(view.PagesOf(PageKind::kHeap), 4u);
}

TEST(PhysicalMemoryStats, OnlyKernelUseKindsAreAllocatable) {
  EXPECT_FALSE(IsAllocatableKind(PageKind::kFree));
  EXPECT_TRUE(IsAllocatableKind(PageKind::kKernel));
  EXPECT_TRUE(IsAllocatableKind(PageKind::kPageTable));
  EXPECT_TRUE(IsAllocatableKind(PageKind::kHeap));
  EXPECT_TRUE(IsAllocatableKind(PageKind::kUser));
  EXPECT_FALSE(IsAllocatableKind(PageKind::kFirmware));
  EXPECT_FALSE(IsAllocatableKind(PageKind::kReserved));
}

TEST(PhysicalMemoryStats, BootMemoryKindsMapToPageKinds) {
  using boot::MemoryKind;
  struct Case {
    MemoryKind memory;
    bool ram;
    PageKind page;
  };
  const Case cases[] = {
      {MemoryKind::kUsable, true, PageKind::kFree},
      {MemoryKind::kBootReclaimable, true, PageKind::kReserved},
      {MemoryKind::kLoaderReclaimable, true, PageKind::kReserved},
      {MemoryKind::kKernelImage, true, PageKind::kKernel},
      {MemoryKind::kKernelStack, true, PageKind::kKernel},
      {MemoryKind::kInitrd, true, PageKind::kKernel},
      {MemoryKind::kPageTables, true, PageKind::kPageTable},
      {MemoryKind::kAcpiReclaimable, true, PageKind::kReserved},
      {MemoryKind::kAcpiNvs, true, PageKind::kFirmware},
      {MemoryKind::kFirmwareRuntime, true, PageKind::kFirmware},
      {MemoryKind::kReserved, false, PageKind::kFree},
      {MemoryKind::kMmio, false, PageKind::kFree},
      {MemoryKind::kBadMemory, false, PageKind::kFree},
      {MemoryKind::kPersistent, false, PageKind::kFree},
      {MemoryKind::kKernelFile, true, PageKind::kKernel},
      {static_cast<MemoryKind>(99), false, PageKind::kFree},
  };
  for (const Case& c : cases) {
    PageKind kind = PageKind::kFree;
    EXPECT_EQ(PageKindForBootMemory(c.memory, &kind), c.ram) << static_cast<int>(c.memory);
    if (c.ram) EXPECT_EQ(kind, c.page) << static_cast<int>(c.memory);
  }
}

TEST(PhysicalMemoryStats, OverlapsRamSeesOnlyRamKinds) {
  using boot::MemoryKind;
  using boot::MemoryRange;
  // RAM at [0, 0x9f000) and [0x100000, 0x800000) with the kernel image inside, a firmware
  // hole, device memory at 0xfed00000 and firmware runtime memory at the top of the first 4G.
  const MemoryRange map[] = {
      {0x0, 0x9f000, MemoryKind::kUsable, 0},
      {0x9f000, 0x61000, MemoryKind::kReserved, 0},
      {0x100000, 0x200000, MemoryKind::kUsable, 0},
      {0x300000, 0x100000, MemoryKind::kKernelImage, 0},
      {0x400000, 0x400000, MemoryKind::kBootReclaimable, 0},
      {0xfed00000, 0x1000, MemoryKind::kMmio, 0},
      {0xffff0000, 0x10000, MemoryKind::kFirmwareRuntime, 0},
  };
  const rstd::Span<const MemoryRange> span(map, sizeof(map) / sizeof(map[0]));
  EXPECT_TRUE(OverlapsRam(span, 0x100000, 0x1000));
  EXPECT_TRUE(OverlapsRam(span, 0x300000, 0x1000));        // the kernel image
  EXPECT_TRUE(OverlapsRam(span, 0x7ff000, 0x1000));        // the last page of boot memory
  EXPECT_TRUE(OverlapsRam(span, 0x9e000, 0x2000));         // ends inside the hole, starts in RAM
  EXPECT_TRUE(OverlapsRam(span, 0xa0000, 0x100000));       // starts in the hole, ends in RAM
  EXPECT_TRUE(OverlapsRam(span, 0x0, 1ull << 40));         // covers everything
  EXPECT_TRUE(OverlapsRam(span, 0xfffff000, 0x2000));      // firmware runtime is RAM too
  EXPECT_FALSE(OverlapsRam(span, 0xa0000, 0x60000));       // the hole below 1 MiB
  EXPECT_FALSE(OverlapsRam(span, 0x800000, 0x1000));       // right after the last RAM range
  EXPECT_FALSE(OverlapsRam(span, 0xfed00000, 0x1000));     // device memory
  EXPECT_FALSE(OverlapsRam(span, 0x100000000, 0x1000));    // above every range
  EXPECT_FALSE(OverlapsRam(span, 0x100000, 0));            // empty
  EXPECT_FALSE(OverlapsRam(span, ~0ull - 0xfff, 0x1000));  // ends exactly at 2^64
  EXPECT_TRUE(OverlapsRam(span, ~0ull - 0xfff, 0x2000));   // wraps
  EXPECT_FALSE(OverlapsRam(rstd::Span<const MemoryRange>(), 0x100000, 0x1000));
}

TEST(PhysicalMemoryStats, NamesAreStable) {
  EXPECT_TRUE(PageKindName(PageKind::kFree) == "free");
  EXPECT_TRUE(PageKindName(PageKind::kPageTable) == "page-tables");
  EXPECT_TRUE(PageKindName(PageKind::kReserved) == "reserved");
  EXPECT_TRUE(PageKindName(static_cast<PageKind>(77)) == "unknown");
}

TEST(PhysicalMemoryStats, WritesOneLogLine) {
  PhysicalMemoryStats stats;
  stats.free_pages = 30000;     // 117 MiB and a bit: MiB, rounded down
  stats.kernel_pages = 793;     // 3172 KiB
  stats.page_table_pages = 16;  // 64 KiB
  stats.heap_pages = 4096;      // exactly 16 MiB
  stats.firmware_pages = 200;
  char buffer[256];
  rstd::BufferWriter writer(buffer, sizeof(buffer));
  WritePhysicalMemoryStats(writer, stats);
  EXPECT_EQ(std::string(writer.view().data(), writer.view().size()),
            "free 117 MiB, kernel 3172 KiB, page-tables 64 KiB, heap 16 MiB, user 0 KiB, "
            "firmware 800 KiB, reserved 0 KiB");
}

}  // namespace
}  // namespace raeen::kernel
