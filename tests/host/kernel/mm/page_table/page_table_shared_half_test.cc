// The kernel's pinned upper half and the user address spaces that share it.
#include <gtest/gtest.h>

#include "kernel/mm/page_table.h"
#include "tests/host/kernel/mm/page_table/fake_table_memory.h"
#include "tests/host/kernel/mm/page_table/page_table_expect.h"

namespace raeen::kernel {
namespace {

using namespace page_table_test;

constexpr PageTableOptions kPinned{.pin_upper_half_root = true};

TEST(PageTableSharedHalf, FillGivesEveryUpperRootEntryATable) {
  TestTables t(kPinned);
  ASSERT_TRUE(t.tables.Map(kKernel, 0x100000, k4K, kData).ok());
  const size_t before = t.tables.table_pages();  // root + the three tables for kKernel
  ASSERT_TRUE(t.tables.FillUpperHalfRoot().ok());
  EXPECT_EQ(t.tables.table_pages(), before + 255);  // kKernel's slot already had one
  ASSERT_TRUE(t.tables.FillUpperHalfRoot().ok());  // a second fill needs nothing
  EXPECT_EQ(t.tables.table_pages(), before + 255);
}

TEST(PageTableSharedHalf, FillNeedsPinningAndIsAllOrNothing) {
  TestTables unpinned;
  EXPECT_EQ(unpinned.tables.FillUpperHalfRoot().status(), Status::kBadState);
  TestTables small(kPinned, /*capacity=*/100);
  EXPECT_EQ(small.tables.FillUpperHalfRoot().status(), Status::kNoMemory);
  EXPECT_EQ(small.tables.table_pages(), 1u);
  EXPECT_EQ(small.memory.live(), 1u);
}

TEST(PageTableSharedHalf, PinnedRootEntriesSurviveUnmap) {
  TestTables t(kPinned);
  ASSERT_TRUE(t.tables.FillUpperHalfRoot().ok());
  const size_t filled = t.tables.table_pages();
  ASSERT_TRUE(t.tables.Map(kKernel, 0x100000, k4K, kData).ok());
  ASSERT_TRUE(t.tables.Unmap(kKernel, k4K).ok());
  // The page directory and page table went; the PDPT under the PML4 entry stayed.
  EXPECT_EQ(t.tables.table_pages(), filled);
  // Lower-half tables are still freed as usual.
  ASSERT_TRUE(t.tables.Map(kUserBase, 0x100000, k4K, kUserData).ok());
  ASSERT_TRUE(t.tables.Unmap(kUserBase, k4K).ok());
  EXPECT_EQ(t.tables.table_pages(), filled);
}

TEST(PageTableSharedHalf, UserTablesSeeKernelMappingsAndCannotChangeThem) {
  TestTables kernel(kPinned);
  ASSERT_TRUE(kernel.tables.FillUpperHalfRoot().ok());
  ASSERT_TRUE(kernel.tables.Map(kKernel, 0x100000, k4K, kData).ok());
  Result<PageTable> user =
      PageTable::CreateSharingUpperHalf(kernel.memory, kernel.memory, kernel.tlb, kernel.tables);
  ASSERT_TRUE(user.ok());
  // A kernel mapping made before or after the user tables exist reaches both.
  ASSERT_TRUE(kernel.tables.Map(kKernel + k2M, 0x200000, k4K, kData).ok());
  ExpectMapped(*user, kKernel, 0x100000, k4K, kData);
  ExpectMapped(*user, kKernel + k2M, 0x200000, k4K, kData);

  EXPECT_EQ(user->Map(kKernel + k1G, 0x300000, k4K, kData).status(), Status::kInvalidArgument);
  EXPECT_EQ(user->Unmap(kKernel, k4K).status(), Status::kInvalidArgument);
  EXPECT_EQ(user->Protect(kKernel, k4K, kData).status(), Status::kInvalidArgument);
  ExpectMapped(kernel.tables, kKernel, 0x100000, k4K, kData);

  // The user half is the user tables' own.
  ASSERT_TRUE(user->Map(kUserBase, 0x400000, k4K, kUserData).ok());
  EXPECT_EQ(kernel.tables.Translate(kUserBase).status(), Status::kNotFound);

  // Freeing the user tables frees their own pages only.
  const size_t kernel_pages = kernel.tables.table_pages();
  const size_t live_before = kernel.memory.live();
  const size_t user_pages = user->table_pages();
  user->FreeAllTables();
  EXPECT_EQ(kernel.memory.live(), live_before - user_pages);
  EXPECT_EQ(kernel.tables.table_pages(), kernel_pages);
  ExpectMapped(kernel.tables, kKernel, 0x100000, k4K, kData);
}

TEST(PageTableSharedHalf, SharingNeedsPinnedKernelTables) {
  TestTables kernel;
  EXPECT_EQ(
      PageTable::CreateSharingUpperHalf(kernel.memory, kernel.memory, kernel.tlb, kernel.tables)
          .status(),
      Status::kBadState);
}

}  // namespace
}  // namespace raeen::kernel
