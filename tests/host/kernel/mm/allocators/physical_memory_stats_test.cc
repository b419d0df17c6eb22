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
