#include "boot/uefi/page_table_builder.h"

#include <gtest/gtest.h>

#include "tests/host/boot/uefi/fake_physical_memory.h"

namespace raeen::boot {
namespace {

constexpr uint64_t k4K = 4096;
constexpr uint64_t k2M = 2ull << 20;
constexpr uint64_t kKernel = 0xffffffff80000000;
constexpr uint64_t kDirect = 0xffff800000000000;

constexpr Permissions kText{.writable = false, .executable = true};
constexpr Permissions kRodata{.writable = false, .executable = false};
constexpr Permissions kData{.writable = true, .executable = false};

using Builder = PageTableBuilder;

// Checks that every 4 KiB page of [virt, virt + size) translates to the matching physical page.
void ExpectMapped(const Builder& tables, uint64_t virt, uint64_t phys, uint64_t size,
                  Permissions permissions) {
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    Result<Translation> t = tables.Translate(virt + offset);
    ASSERT_TRUE(t.ok()) << std::hex << "unmapped: 0x" << virt + offset;
    EXPECT_EQ(t->phys, phys + offset) << std::hex << "at 0x" << virt + offset;
    EXPECT_EQ(t->writable, permissions.writable);
    EXPECT_EQ(t->executable, permissions.executable);
    EXPECT_EQ(t->global, permissions.global);
  }
}

void ExpectUnmapped(const Builder& tables, uint64_t virt, uint64_t size) {
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    EXPECT_EQ(tables.Translate(virt + offset).status(), Status::kNotFound)
        << std::hex << "still mapped: 0x" << virt + offset;
  }
}

TEST(PageTableBuilder, RefusesWritableAndExecutable) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  Permissions wx{.writable = true, .executable = true};
  EXPECT_EQ(tables->Map(kKernel, 0x100000, k4K, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(kKernel, 0x200000, k2M, wx).status(), Status::kInvalidArgument);
  EXPECT_EQ(memory.allocated(), 1u);  // only the PML4: nothing was built
  ExpectUnmapped(*tables, kKernel, k4K);
}

TEST(PageTableBuilder, RefusesBadAddressesAndSizes) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->Map(kKernel + 1, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(kKernel, 0x800, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(kKernel, 0, 100, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(kKernel, 0, 0, kData).status(), Status::kInvalidArgument);
  // Non-canonical, and ranges that run into or across the non-canonical hole.
  EXPECT_EQ(tables->Map(0x0000800000000000, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(0xffff7ffffffff000, 0, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(tables->Map(0x00007ffffffff000, 0, 2 * k4K, kData).status(), Status::kInvalidArgument);
  // Wrapping past the top of the address space.
  EXPECT_EQ(tables->Map(0xfffffffffffff000, 0, 2 * k4K, kData).status(), Status::kInvalidArgument);
  // Physical addresses beyond 52 bits.
  EXPECT_EQ(tables->Map(kKernel, (1ull << 52) - k4K, 2 * k4K, kData).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(memory.allocated(), 1u);
  EXPECT_EQ(tables->Translate(0x0000800000000000).status(), Status::kInvalidArgument);
}

TEST(PageTableBuilder, Uses2MiBPagesWhenEverythingIsAligned) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  ASSERT_TRUE(tables->Map(kDirect, 0, 4 * k2M, kData).ok());
  // PML4 + PDPT + PD; no page tables.
  EXPECT_EQ(tables->table_pages(), 3u);
  EXPECT_EQ(memory.allocated(), 3u);
  for (uint64_t offset = 0; offset < 4 * k2M; offset += k2M) {
    Result<Translation> t = tables->Translate(kDirect + offset + 0x1234);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->page_size, k2M);
    EXPECT_EQ(t->phys, offset + 0x1234);
  }
  ExpectMapped(*tables, kDirect, 0, 4 * k2M, kData);
}

TEST(PageTableBuilder, Uses4KiBPagesWhenPhysicalIsMisaligned) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  ASSERT_TRUE(tables->Map(kKernel, 0x1000, k2M, kData).ok());
  Result<Translation> t = tables->Translate(kKernel);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->page_size, k4K);
  EXPECT_EQ(tables->table_pages(), 4u);  // PML4, PDPT, PD, PT
  ExpectMapped(*tables, kKernel, 0x1000, k2M, kData);
}

TEST(PageTableBuilder, MixedAlignmentUsesLargePagesOnlyInTheMiddle) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  // Starts 8 KiB below a 2 MiB boundary, covers two whole 2 MiB pages, ends 12 KiB past one.
  uint64_t virt = kDirect + 3 * k2M - 2 * k4K;
  uint64_t phys = 3 * k2M - 2 * k4K;
  uint64_t size = 2 * k4K + 2 * k2M + 3 * k4K;
  ASSERT_TRUE(tables->Map(virt, phys, size, kData).ok());
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    Result<Translation> t = tables->Translate(virt + offset);
    ASSERT_TRUE(t.ok());
    bool middle = offset >= 2 * k4K && offset < 2 * k4K + 2 * k2M;
    EXPECT_EQ(t->page_size, middle ? k2M : k4K) << std::hex << "offset 0x" << offset;
  }
  ExpectMapped(*tables, virt, phys, size, kData);
  ExpectUnmapped(*tables, virt - k4K, k4K);
  ExpectUnmapped(*tables, virt + size, k4K);
}

TEST(PageTableBuilder, KernelLayoutTranslatesWithItsPermissions) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  uint64_t base = kKernel + 37 * k2M;
  uint64_t phys = 0x7e5a000;
  ASSERT_TRUE(tables->Map(base, phys, 3 * k4K, kText).ok());
  ASSERT_TRUE(tables->Map(base + 3 * k4K, phys + 3 * k4K, 2 * k4K, kRodata).ok());
  ASSERT_TRUE(tables->Map(base + 5 * k4K, phys + 5 * k4K, 4 * k4K, kData).ok());
  // Guard page at base + 9 pages, then the stack elsewhere in physical memory.
  ASSERT_TRUE(tables->Map(base + 10 * k4K, 0x9000000, 16 * k4K, kData).ok());
  ExpectMapped(*tables, base, phys, 3 * k4K, kText);
  ExpectMapped(*tables, base + 3 * k4K, phys + 3 * k4K, 2 * k4K, kRodata);
  ExpectMapped(*tables, base + 5 * k4K, phys + 5 * k4K, 4 * k4K, kData);
  ExpectUnmapped(*tables, base + 9 * k4K, k4K);
  ExpectMapped(*tables, base + 10 * k4K, 0x9000000, 16 * k4K, kData);
}

TEST(PageTableBuilder, EntriesCarryTheArchitecturalBits) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  ASSERT_TRUE(tables->Map(kKernel, 0x200000, k4K, kText).ok());
  ASSERT_TRUE(tables->Map(kKernel + k4K, 0x201000, k4K, kData).ok());
  ASSERT_TRUE(tables->Map(kDirect, 0, k2M, kData).ok());
  Permissions identity{.writable = false, .executable = true, .global = false};
  ASSERT_TRUE(tables->Map(0x7000, 0x7000, k4K, identity).ok());

  // Walk by hand to the leaf entries [Intel SDM vol. 3A, 4.5].
  auto leaf = [&](uint64_t virt, int level) {
    uint64_t table = tables->root();
    for (int current = 4; current > level; --current) {
      uint64_t entry = memory.TableAt(table)[(virt >> (12 + 9 * (current - 1))) & 511];
      EXPECT_EQ(entry & (Builder::kPresent | Builder::kWritable),
                Builder::kPresent | Builder::kWritable);
      EXPECT_EQ(entry & (Builder::kUser | Builder::kNoExecute | Builder::kLargePage), 0u);
      table = entry & Builder::kAddressMask;
    }
    return memory.TableAt(table)[(virt >> (12 + 9 * (level - 1))) & 511];
  };
  uint64_t text = leaf(kKernel, 1);
  EXPECT_EQ(text, 0x200000 | Builder::kPresent | Builder::kGlobal);
  uint64_t data = leaf(kKernel + k4K, 1);
  EXPECT_EQ(data, 0x201000 | Builder::kPresent | Builder::kWritable | Builder::kGlobal |
                      Builder::kNoExecute);
  uint64_t large = leaf(kDirect, 2);
  EXPECT_EQ(large, Builder::kPresent | Builder::kWritable | Builder::kGlobal | Builder::kNoExecute |
                       Builder::kLargePage);
  uint64_t trampoline = leaf(0x7000, 1);
  EXPECT_EQ(trampoline, 0x7000 | Builder::kPresent);

  // No entry anywhere is accessible from user mode.
  for (const auto& page : memory.pages()) {
    for (uint64_t entry : page) EXPECT_EQ(entry & Builder::kUser, 0u);
  }
}

TEST(PageTableBuilder, RefusesToMapOverExistingMappings) {
  FakePhysicalMemory memory(64);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  ASSERT_TRUE(tables->Map(kKernel + 4 * k4K, 0x100000, 4 * k4K, kData).ok());
  // Partial overlap at either end, full containment, and an exact repeat.
  EXPECT_EQ(tables->Map(kKernel, 0x300000, 5 * k4K, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables->Map(kKernel + 7 * k4K, 0x300000, 4 * k4K, kData).status(),
            Status::kAlreadyExists);
  EXPECT_EQ(tables->Map(kKernel, 0x300000, k2M, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables->Map(kKernel + 4 * k4K, 0x100000, 4 * k4K, kData).status(),
            Status::kAlreadyExists);
  // The refused calls mapped nothing of their own.
  ExpectUnmapped(*tables, kKernel, 4 * k4K);
  ExpectUnmapped(*tables, kKernel + 8 * k4K, 4 * k4K);
  ExpectMapped(*tables, kKernel + 4 * k4K, 0x100000, 4 * k4K, kData);
  // Neighbours are fine.
  EXPECT_TRUE(tables->Map(kKernel + 8 * k4K, 0x300000, k4K, kRodata).ok());
  EXPECT_TRUE(tables->Map(kKernel + 3 * k4K, 0x400000, k4K, kText).ok());

  // A 4 KiB page inside an existing 2 MiB page.
  ASSERT_TRUE(tables->Map(kDirect, 0, k2M, kData).ok());
  EXPECT_EQ(tables->Map(kDirect + 5 * k4K, 0x5000, k4K, kData).status(), Status::kAlreadyExists);
  EXPECT_EQ(tables->Map(kDirect + k2M - k4K, 0x700000, 2 * k4K, kData).status(),
            Status::kAlreadyExists);
}

TEST(PageTableBuilder, ExhaustionReturnsNoMemoryAndLeavesNothingMapped) {
  // PML4 + PDPT + PD + one PT fit; the range below needs a second PT.
  FakePhysicalMemory memory(4);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  uint64_t virt = kKernel + k2M - 4 * k4K;
  uint64_t size = 8 * k4K;  // crosses into the next 2 MiB region
  EXPECT_EQ(tables->Map(virt, 0x1000, size, kData).status(), Status::kNoMemory);
  ExpectUnmapped(*tables, virt, size);

  // With memory available again the same range maps, reusing the page table left behind.
  memory.set_limit(16);
  ASSERT_TRUE(tables->Map(virt, 0x1000, size, kData).ok());
  ExpectMapped(*tables, virt, 0x1000, size, kData);
}

TEST(PageTableBuilder, LargePageRangeOverLeftoverTableFallsBackTo4KiB) {
  // A failed mapping leaves an empty page table under a PD entry; a later 2 MiB-aligned
  // mapping of that region must still work (with 4 KiB pages there) and translate correctly.
  FakePhysicalMemory memory(4);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->Map(kDirect + k2M - k4K, 0x1000, 2 * k4K, kData).status(), Status::kNoMemory);
  memory.set_limit(16);
  ASSERT_TRUE(tables->Map(kDirect, 0, 2 * k2M, kData).ok());
  ExpectMapped(*tables, kDirect, 0, 2 * k2M, kData);
  Result<Translation> first = tables->Translate(kDirect);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->page_size, k4K);  // the region with the leftover table
  Result<Translation> second = tables->Translate(kDirect + k2M);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->page_size, k2M);
}

TEST(PageTableBuilder, ExhaustionInsideALargeRangeRollsBackEverything) {
  // 1 GiB of 2 MiB pages needs PML4 + PDPT + PD; a 3 GiB range needs three PDs.
  FakePhysicalMemory memory(4);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  uint64_t size = 3ull << 30;
  EXPECT_EQ(tables->Map(kDirect, 0, size, kData).status(), Status::kNoMemory);
  for (uint64_t offset = 0; offset < size; offset += k2M) {
    ASSERT_EQ(tables->Translate(kDirect + offset).status(), Status::kNotFound);
  }
  memory.set_limit(8);
  ASSERT_TRUE(tables->Map(kDirect, 0, size, kData).ok());
  for (uint64_t offset = 0; offset < size; offset += k2M) {
    Result<Translation> t = tables->Translate(kDirect + offset + 8);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->phys, offset + 8);
  }
}

TEST(PageTableBuilder, CreateFailsWithoutMemory) {
  FakePhysicalMemory memory(0);
  EXPECT_EQ(Builder::Create(memory).status(), Status::kNoMemory);
}

TEST(PageTableBuilder, MapsTheTopOfTheAddressSpace) {
  FakePhysicalMemory memory(16);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  ASSERT_TRUE(tables->Map(0xffffffffffe00000, 0x400000, k2M, kRodata).ok());
  ExpectMapped(*tables, 0xffffffffffe00000, 0x400000, k2M, kRodata);
  EXPECT_EQ(tables->Map(0xfffffffffffff000, 0, k4K, kData).status(), Status::kAlreadyExists);
  // And the bottom of the high half and of the low half.
  ASSERT_TRUE(tables->Map(0xffff800000000000, 0, k4K, kData).ok());
  ASSERT_TRUE(tables->Map(0, 0, k4K, kText).ok());
  ExpectMapped(*tables, 0, 0, k4K, kText);
}

TEST(PageTableBuilder, TranslateReportsUnmapped) {
  FakePhysicalMemory memory(16);
  Result<Builder> tables = Builder::Create(memory);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->Translate(kKernel).status(), Status::kNotFound);
  ASSERT_TRUE(tables->Map(kKernel, 0, k4K, kData).ok());
  EXPECT_EQ(tables->Translate(kKernel + k4K).status(), Status::kNotFound);
  EXPECT_EQ(tables->Translate(kKernel + k2M).status(), Status::kNotFound);
  EXPECT_EQ(tables->Translate(kDirect).status(), Status::kNotFound);
}

}  // namespace
}  // namespace raeen::boot
