#pragma once
// The pure half of application-processor start-up (smp_boot.h does the hardware half):
// choosing the low pages for the real-mode start-up code, filling in the data block that code
// reads, and turning the TSC handshake's samples into a skew estimate. Host-tested
// (tests/host/kernel/arch/x86_64/smp_boot_plan_test.cc).

#include <raeen/handoff.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kTrampolinePageSize = 4096;
// A STARTUP IPI names a 4 KiB page below 1 MiB by its page number [Intel SDM vol. 3A,
// 9.4.4.1 and 11.6.1]: the AP starts in real mode at vector:0000.
inline constexpr uint64_t kTrampolineLimit = 1ull << 20;

// The pages the start-up code needs below 1 MiB: the code page itself and, only when the
// kernel's PML4 lies at or above 4 GiB, a page for a copy of it (the AP loads CR3 while it
// still runs 32-bit code, and CR3 takes only 32 bits there).
struct TrampolinePages {
  uint64_t code;
  uint64_t page_table;  // 0 when there was no second page
};

// Picks page-aligned pages below 1 MiB, never page 0, from firmware boot-services memory
// (kBootReclaimable): the highest for the code, the next highest (if any) as the spare.
// Boot memory below 1 MiB is never reclaimed (boot_memory_reclaim.cc), so nothing else can
// own these pages. kUsable pages are not taken: the page allocator owns them and may hand them
// out while APs start. kLoaderReclaimable is not taken either: it may still hold the handoff.
// kNotFound when there is no such page at all.
Result<TrampolinePages> ChooseTrampolinePages(rstd::Span<const boot::MemoryRange> map);

// The PML4 the AP loads in 32-bit code: the kernel's own when it lies below 4 GiB (then no
// copy is needed), else the spare low page (the caller copies the kernel's PML4 into it).
// kNotFound when neither works. `copy` says whether the caller must copy.
struct BootPageTable {
  uint64_t root;
  bool copy;
};
Result<BootPageTable> ChooseBootPageTable(uint64_t kernel_root, const TrampolinePages& pages);

// The trampoline's data block, at offset `data_offset` of the code page; ap_trampoline.S reads
// it at the same offsets (checked by static_asserts here and by the .S file's .org checks).
struct [[gnu::packed]] ApTrampolineData {
  // lgdtl operand: the temporary GDT below, by physical address.
  uint16_t gdt_limit;
  uint32_t gdt_base;
  uint16_t pad0;
  // ljmpl operands (m16:32): 32-bit protected-mode entry and 64-bit entry, physical.
  uint32_t protected_entry;
  uint16_t protected_selector;
  uint16_t pad1;
  uint32_t long_entry;
  uint16_t long_selector;
  uint16_t pad2;
  uint32_t boot_cr3;    // a PML4 below 4 GiB (ChooseBootPageTable)
  uint32_t efer_set;    // bits OR-ed into IA32_EFER: LME, and NXE when the CPU has NX
  uint64_t kernel_cr3;  // the kernel's PML4, loaded once in 64-bit mode
  uint64_t entry;       // the kernel's AP entry point (virtual), called with rdi = per_cpu
  uint64_t stack_top;   // this AP's kernel stack top (virtual, 16-byte aligned)
  uint64_t per_cpu;     // this AP's PerCpu (virtual)
  uint64_t gdt[4];      // null, 32-bit code 0x08, data 0x10, 64-bit code 0x18
};
static_assert(sizeof(ApTrampolineData) == 0x60);
static_assert(__builtin_offsetof(ApTrampolineData, protected_entry) == 0x08);
static_assert(__builtin_offsetof(ApTrampolineData, long_entry) == 0x10);
static_assert(__builtin_offsetof(ApTrampolineData, boot_cr3) == 0x18);
static_assert(__builtin_offsetof(ApTrampolineData, efer_set) == 0x1c);
static_assert(__builtin_offsetof(ApTrampolineData, kernel_cr3) == 0x20);
static_assert(__builtin_offsetof(ApTrampolineData, entry) == 0x28);
static_assert(__builtin_offsetof(ApTrampolineData, stack_top) == 0x30);
static_assert(__builtin_offsetof(ApTrampolineData, per_cpu) == 0x38);
static_assert(__builtin_offsetof(ApTrampolineData, gdt) == 0x40);

inline constexpr uint16_t kTrampolineCode32Selector = 0x08;
inline constexpr uint16_t kTrampolineData32Selector = 0x10;
inline constexpr uint16_t kTrampolineCode64Selector = 0x18;
inline constexpr uint32_t kEferLongModeEnable = 1u << 8;
inline constexpr uint32_t kEferNoExecuteEnable = 1u << 11;

// Where the pieces of the trampoline lie inside its page (offsets from its first byte).
struct TrampolineLayout {
  uint32_t code_size;         // bytes to copy, data block included
  uint32_t data_offset;       // the ApTrampolineData, 8-byte aligned
  uint32_t protected_offset;  // first 32-bit instruction
  uint32_t long_offset;       // first 64-bit instruction
};

struct TrampolineParameters {
  uint64_t code_page;
  uint64_t boot_cr3;
  uint64_t kernel_cr3;
  uint64_t entry;
  uint64_t stack_top;
  uint64_t per_cpu;
  bool nx;
};

// The data block for one AP. kInvalidArgument when the layout does not fit one page or leaves
// the data block unaligned, when the code page is not an aligned page below 1 MiB (or is page
// 0), when boot_cr3 is not an aligned page below 4 GiB, when the kernel's CR3 is not
// page-aligned, or when the stack top is not 16-byte aligned.
Result<ApTrampolineData> BuildTrampolineData(const TrampolineLayout& layout,
                                             const TrampolineParameters& parameters);

// The STARTUP IPI vector for the code page: its page number.
constexpr uint8_t StartupVector(uint64_t code_page) {
  return static_cast<uint8_t>(code_page >> 12);
}

// One handshake round [after Linux's TSC warp check, simplified]: the BSP writes its TSC and the
// AP reads its own as soon as it sees it (forward = ap - bsp = skew + latency), then the AP
// writes its TSC and the BSP reads its own (backward = bsp - ap = latency - skew). The least
// disturbed rounds (smallest value of each) bound the skew best: skew = (forward - backward)/2,
// latency = (forward + backward)/2, both in TSC ticks (the AP's TSC minus the BSP's). Whatever
// the latencies, the skew lies in [-backward, forward]: only a bound that excludes zero proves
// the TSCs apart (under TCG a round can take a whole vCPU time slice, so the latency, and with it
// the midpoint's error, can reach milliseconds).
struct TscSkewEstimate {
  int64_t skew_ticks;
  uint64_t latency_ticks;
  int64_t lowest_ticks;   // -min(backward)
  int64_t highest_ticks;  // min(forward)
};
// kInvalidArgument without rounds or when the two spans differ in length.
Result<TscSkewEstimate> EstimateTscSkew(rstd::Span<const int64_t> forward,
                                        rstd::Span<const int64_t> backward);

}  // namespace raeen::kernel::arch
