#include "kernel/arch/x86_64/smp_boot_plan.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel::arch {
namespace {

// Flat 4 GiB segments for the climb through protected mode, and the 64-bit code segment
// [Intel SDM vol. 3A, 3.4.5, figure 3-8]: present, DPL 0, granularity 4 KiB.
constexpr uint64_t kFlatCode32 = 0x00cf'9a00'0000'ffff;  // D = 1, execute/read
constexpr uint64_t kFlatData32 = 0x00cf'9200'0000'ffff;  // B = 1, read/write
constexpr uint64_t kCode64 = 0x00af'9a00'0000'ffff;      // L = 1, D = 0

constexpr uint64_t kFourGiB = 1ull << 32;

bool IsLowPage(uint64_t page) {
  return page != 0 && rstd::IsAligned(page, kTrampolinePageSize) &&
         page < kTrampolineLimit - kTrampolinePageSize + 1;
}

}  // namespace

Result<TrampolinePages> ChooseTrampolinePages(rstd::Span<const boot::MemoryRange> map) {
  uint64_t chosen[2] = {0, 0};
  for (const boot::MemoryRange& range : map) {
    if (range.kind != boot::MemoryKind::kBootReclaimable || range.size == 0) continue;
    if (range.base >= kTrampolineLimit) continue;
    uint64_t end = range.base + range.size;
    if (end < range.base || end > kTrampolineLimit) end = kTrampolineLimit;
    const uint64_t first = rstd::Max(rstd::AlignUp(range.base, kTrampolinePageSize),
                                     kTrampolinePageSize);
    // Walk down from the top of the range: the two highest pages over all ranges win.
    for (uint64_t page = rstd::AlignDown(end, kTrampolinePageSize);
         page >= first + kTrampolinePageSize;) {
      page -= kTrampolinePageSize;
      if (page > chosen[0]) {
        chosen[1] = chosen[0];
        chosen[0] = page;
      } else if (page > chosen[1] && page != chosen[0]) {
        chosen[1] = page;
      } else {
        break;  // lower pages of this range cannot beat the two kept
      }
    }
  }
  if (chosen[0] == 0) return Error(Status::kNotFound);
  return TrampolinePages{.code = chosen[0], .page_table = chosen[1]};
}

Result<BootPageTable> ChooseBootPageTable(uint64_t kernel_root, const TrampolinePages& pages) {
  if (kernel_root != 0 && kernel_root < kFourGiB &&
      rstd::IsAligned(kernel_root, kTrampolinePageSize)) {
    return BootPageTable{.root = kernel_root, .copy = false};
  }
  if (pages.page_table != 0 && pages.page_table != pages.code) {
    return BootPageTable{.root = pages.page_table, .copy = true};
  }
  return Error(Status::kNotFound);
}

Result<ApTrampolineData> BuildTrampolineData(const TrampolineLayout& layout,
                                             const TrampolineParameters& p) {
  if (layout.code_size > kTrampolinePageSize || !rstd::IsAligned(layout.data_offset, 8) ||
      layout.data_offset + sizeof(ApTrampolineData) > layout.code_size ||
      layout.protected_offset >= layout.code_size || layout.long_offset >= layout.code_size) {
    return Error(Status::kInvalidArgument);
  }
  if (!IsLowPage(p.code_page) || p.boot_cr3 == 0 || p.boot_cr3 >= kFourGiB ||
      !rstd::IsAligned(p.boot_cr3, kTrampolinePageSize) || p.boot_cr3 == p.code_page) {
    return Error(Status::kInvalidArgument);
  }
  if (p.kernel_cr3 == 0 || !rstd::IsAligned(p.kernel_cr3, kTrampolinePageSize) ||
      !rstd::IsAligned(p.stack_top, 16) || p.stack_top == 0 || p.entry == 0 || p.per_cpu == 0) {
    return Error(Status::kInvalidArgument);
  }
  const uint32_t base = static_cast<uint32_t>(p.code_page);
  ApTrampolineData data{};
  data.gdt_limit = sizeof(data.gdt) - 1;
  data.gdt_base = base + layout.data_offset + __builtin_offsetof(ApTrampolineData, gdt);
  data.protected_entry = base + layout.protected_offset;
  data.protected_selector = kTrampolineCode32Selector;
  data.long_entry = base + layout.long_offset;
  data.long_selector = kTrampolineCode64Selector;
  data.boot_cr3 = static_cast<uint32_t>(p.boot_cr3);
  data.efer_set = kEferLongModeEnable | (p.nx ? kEferNoExecuteEnable : 0);
  data.kernel_cr3 = p.kernel_cr3;
  data.entry = p.entry;
  data.stack_top = p.stack_top;
  data.per_cpu = p.per_cpu;
  data.gdt[0] = 0;
  data.gdt[1] = kFlatCode32;
  data.gdt[2] = kFlatData32;
  data.gdt[3] = kCode64;
  return data;
}

Result<TscSkewEstimate> EstimateTscSkew(rstd::Span<const int64_t> forward,
                                        rstd::Span<const int64_t> backward) {
  if (forward.size() == 0 || forward.size() != backward.size()) {
    return Error(Status::kInvalidArgument);
  }
  int64_t min_forward = forward[0];
  int64_t min_backward = backward[0];
  for (size_t i = 1; i < forward.size(); ++i) {
    min_forward = rstd::Min(min_forward, forward[i]);
    min_backward = rstd::Min(min_backward, backward[i]);
  }
  const int64_t sum = min_forward + min_backward;
  return TscSkewEstimate{
      .skew_ticks = (min_forward - min_backward) / 2,
      .latency_ticks = sum > 0 ? static_cast<uint64_t>(sum / 2) : 0,
      .lowest_ticks = -min_backward,
      .highest_ticks = min_forward,
  };
}

}  // namespace raeen::kernel::arch
