#include "kernel/arch/x86_64/smp_boot_plan.h"

#include <gtest/gtest.h>

#include <vector>

#include "kernel/arch/x86_64/lapic_registers.h"

namespace raeen::kernel::arch {
namespace {

using boot::MemoryKind;
using boot::MemoryRange;

Result<TrampolinePages> Choose(const std::vector<MemoryRange>& map) {
  return ChooseTrampolinePages(rstd::Span<const MemoryRange>(map.data(), map.size()));
}

TEST(SmpBootPlan, ChoosesTheHighestBootServicesPagesBelowOneMiB) {
  std::vector<MemoryRange> map = {
      {0x0, 0x9f000, MemoryKind::kBootReclaimable, 0},
      {0x100000, 0x700000, MemoryKind::kBootReclaimable, 0},  // above 1 MiB: never
  };
  auto pages = Choose(map);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->code, 0x9e000u);
  EXPECT_EQ(pages->page_table, 0x9d000u);
}

TEST(SmpBootPlan, SkipsOtherKindsAndPageZero) {
  // OVMF on q35 with 512 MiB: page 0 and one page at 0x87000 of boot-services data.
  std::vector<MemoryRange> map = {
      {0x0, 0x1000, MemoryKind::kBootReclaimable, 0},
      {0x1000, 0x86000, MemoryKind::kUsable, 0},  // the page allocator's
      {0x87000, 0x1000, MemoryKind::kBootReclaimable, 0},
      {0x88000, 0x18000, MemoryKind::kUsable, 0},
      {0xa0000, 0x60000, MemoryKind::kReserved, 0},
  };
  auto pages = Choose(map);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->code, 0x87000u);
  EXPECT_EQ(pages->page_table, 0u);
  // Loader memory may still hold the handoff.
  map.push_back({0x20000, 0x10000, MemoryKind::kLoaderReclaimable, 0});
  auto again = Choose(map);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->page_table, 0u);
}

TEST(SmpBootPlan, ClipsARangeThatCrossesOneMiBAndAlignsInward) {
  // 0xfd800 rounds up to 0xfe000; the range is cut at 1 MiB.
  std::vector<MemoryRange> map = {{0xfd800, 0x10000, MemoryKind::kBootReclaimable, 0}};
  auto pages = Choose(map);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->code, 0xff000u);
  EXPECT_EQ(pages->page_table, 0xfe000u);
  auto one = Choose({{0xfe800, 0x10000, MemoryKind::kBootReclaimable, 0}});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->code, 0xff000u);
  EXPECT_EQ(one->page_table, 0u);
}

TEST(SmpBootPlan, NotFoundWithoutAPage) {
  EXPECT_EQ(Choose({}).status(), Status::kNotFound);
  EXPECT_EQ(Choose({{0x0, 0x1000, MemoryKind::kBootReclaimable, 0}}).status(), Status::kNotFound);
  EXPECT_EQ(Choose({{0x7800, 0x1000, MemoryKind::kBootReclaimable, 0}}).status(),
            Status::kNotFound);
  EXPECT_EQ(Choose({{0x7000, 0x1000, MemoryKind::kUsable, 0}}).status(), Status::kNotFound);
}

TEST(SmpBootPlan, BootPageTableIsTheKernelsBelowFourGiB) {
  auto table = ChooseBootPageTable(0x1fe7'0000, {.code = 0x87000, .page_table = 0});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->root, 0x1fe7'0000u);
  EXPECT_FALSE(table->copy);
  auto copied = ChooseBootPageTable(0x2'0000'0000, {.code = 0x87000, .page_table = 0x86000});
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(copied->root, 0x86000u);
  EXPECT_TRUE(copied->copy);
  EXPECT_EQ(ChooseBootPageTable(0x2'0000'0000, {.code = 0x87000, .page_table = 0}).status(),
            Status::kNotFound);
}

TrampolineLayout Layout() {
  return TrampolineLayout{.code_size = 0x100, .data_offset = 0xa0, .protected_offset = 0x20,
                          .long_offset = 0x60};
}

TrampolineParameters Parameters() {
  return TrampolineParameters{.code_page = 0x8000,
                              .boot_cr3 = 0x9000,
                              .kernel_cr3 = 0x1'2345'6000,
                              .entry = 0xffff'ffff'8010'0000,
                              .stack_top = 0xffff'ff00'0001'0000,
                              .per_cpu = 0xffff'ffff'8020'0000,
                              .nx = true};
}

TEST(SmpBootPlan, DataBlockPointsIntoTheCodePage) {
  auto data = BuildTrampolineData(Layout(), Parameters());
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(+data->gdt_limit, 31);
  EXPECT_EQ(+data->gdt_base, 0x8000u + 0xa0u + 0x40u);
  EXPECT_EQ(+data->protected_entry, 0x8020u);
  EXPECT_EQ(+data->protected_selector, kTrampolineCode32Selector);
  EXPECT_EQ(+data->long_entry, 0x8060u);
  EXPECT_EQ(+data->long_selector, kTrampolineCode64Selector);
  EXPECT_EQ(+data->boot_cr3, 0x9000u);
  EXPECT_EQ(+data->efer_set, kEferLongModeEnable | kEferNoExecuteEnable);
  EXPECT_EQ(+data->kernel_cr3, 0x1'2345'6000u);
  EXPECT_EQ(+data->entry, 0xffff'ffff'8010'0000u);
  EXPECT_EQ(+data->stack_top, 0xffff'ff00'0001'0000u);
  EXPECT_EQ(+data->per_cpu, 0xffff'ffff'8020'0000u);
  // The 64-bit code descriptor: present, L = 1, D = 0 [SDM 3A, 3.4.5].
  EXPECT_EQ(+data->gdt[0], 0u);
  EXPECT_NE(+data->gdt[3] & (1ull << 53), 0u);
  EXPECT_EQ(+data->gdt[3] & (1ull << 54), 0u);
  EXPECT_NE(+data->gdt[1] & (1ull << 54), 0u);  // 32-bit code: D = 1
}

TEST(SmpBootPlan, NoNxBitWithoutNx) {
  TrampolineParameters p = Parameters();
  p.nx = false;
  auto data = BuildTrampolineData(Layout(), p);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(+data->efer_set, kEferLongModeEnable);
}

TEST(SmpBootPlan, RefusesBadParameters) {
  auto refused = [](TrampolineLayout layout, TrampolineParameters p) {
    return BuildTrampolineData(layout, p).status() == Status::kInvalidArgument;
  };
  TrampolineLayout big = Layout();
  big.code_size = 0x1001;
  EXPECT_TRUE(refused(big, Parameters()));
  TrampolineLayout unaligned = Layout();
  unaligned.data_offset = 0xa4;
  EXPECT_TRUE(refused(unaligned, Parameters()));
  TrampolineLayout short_data = Layout();
  short_data.data_offset = 0xc0;  // 0xc0 + 0x60 > 0x100
  EXPECT_TRUE(refused(short_data, Parameters()));
  TrampolineParameters p = Parameters();
  p.code_page = 0x100000;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.code_page = 0;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.boot_cr3 = 0x8800;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.boot_cr3 = 0x1'0000'0000;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.boot_cr3 = p.code_page;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.stack_top += 8;
  EXPECT_TRUE(refused(Layout(), p));
  p = Parameters();
  p.kernel_cr3 += 0x10;
  EXPECT_TRUE(refused(Layout(), p));
}

TEST(SmpBootPlan, StartupVectorIsThePageNumber) {
  EXPECT_EQ(StartupVector(0x8000), 0x08);
  EXPECT_EQ(StartupVector(0x9f000), 0x9f);
}

TEST(SmpBootPlan, SkewFromTheLeastDisturbedRounds) {
  // The AP's TSC runs 100 ticks ahead; latency 30 ticks; rounds 1 and 2 are disturbed.
  const int64_t forward[] = {130, 5000, 130, 140};
  const int64_t backward[] = {-70, -70, 9000, -60};
  auto estimate = EstimateTscSkew(forward, backward);
  ASSERT_TRUE(estimate.ok());
  EXPECT_EQ(+estimate->skew_ticks, 100);
  EXPECT_EQ(+estimate->latency_ticks, 30u);
  EXPECT_EQ(+estimate->lowest_ticks, 70);
  EXPECT_EQ(+estimate->highest_ticks, 130);
}

TEST(SmpBootPlan, SkewOfSynchronisedTscsIsZero) {
  const int64_t forward[] = {40, 45};
  const int64_t backward[] = {42, 40};
  auto estimate = EstimateTscSkew(forward, backward);
  ASSERT_TRUE(estimate.ok());
  EXPECT_EQ(+estimate->skew_ticks, 0);
  EXPECT_EQ(+estimate->latency_ticks, 40u);
  EXPECT_EQ(+estimate->lowest_ticks, -40);
  EXPECT_EQ(+estimate->highest_ticks, 40);
}

TEST(SmpBootPlan, SkewNeedsMatchingRounds) {
  const int64_t one[] = {1};
  const int64_t two[] = {1, 2};
  EXPECT_EQ(EstimateTscSkew({}, {}).status(), Status::kInvalidArgument);
  EXPECT_EQ(EstimateTscSkew(one, two).status(), Status::kInvalidArgument);
}

TEST(SmpBootPlan, DirectedIpiEncoding) {
  using lapic::Delivery;
  using lapic::DirectedIpi;
  // [SDM 3A, 9.4.4.1]: INIT level assert 0x4500, STARTUP 0x46vv; no shorthand, physical mode.
  EXPECT_EQ(DirectedIpi(Delivery::kInit, 0x12), 0x4500u);
  EXPECT_EQ(DirectedIpi(Delivery::kStartup, 0x9d), 0x469du);
  EXPECT_EQ(DirectedIpi(Delivery::kFixed, 0xe0), 0x40e0u);
}

}  // namespace
}  // namespace raeen::kernel::arch
