#include "kernel/arch/x86_64/smp_boot.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_setup.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/protection.h"
#include "kernel/arch/x86_64/smp_boot_plan.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/command_line.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_stacks.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

extern "C" const uint8_t raeen_ap_trampoline_start[];
extern "C" const uint8_t raeen_ap_trampoline_protected[];
extern "C" const uint8_t raeen_ap_trampoline_long[];
extern "C" const uint8_t raeen_ap_trampoline_data[];
extern "C" const uint8_t raeen_ap_trampoline_end[];

namespace raeen::kernel::arch {

extern "C" [[noreturn]] void RaeenApMain(PerCpu* cpu);

namespace {

constexpr uint64_t kStackSize = 16 * 1024;
constexpr uint64_t kMicrosecond = 1'000;
constexpr uint64_t kMillisecond = 1'000'000;
// [Intel SDM vol. 3A, 9.4.4.1]: 10 ms after INIT, 200 us after each STARTUP.
constexpr uint64_t kInitDelayNs = 10 * kMillisecond;
constexpr uint64_t kStartupDelayNs = 200 * kMicrosecond;
constexpr uint64_t kOnlineTimeoutNs = 1'000 * kMillisecond;
constexpr uint64_t kHandshakeTimeoutNs = 1'000 * kMillisecond;
constexpr uint32_t kSkewRounds = 16;
// The handshake stops early past this (with at least one round done): on a loaded host each
// round can cost a vCPU time slice, and the boot should not wait for sixteen of them.
constexpr uint64_t kSkewBudgetNs = 50 * kMillisecond;
constexpr uint32_t kSkewDone = 0xffff'ffff;
// CR4 bits the APs copy from the boot CPU (whatever the loader or firmware chose there): debugging
// extensions, machine-check enable, global pages [Intel SDM vol. 3A, 2.5]. The protections come
// from EnableProtections, the FPU bits from InitFpu.
constexpr uint64_t kCr4De = 1ull << 3;
constexpr uint64_t kCr4Mce = 1ull << 6;
constexpr uint64_t kCr4Pge = 1ull << 7;
constexpr uint64_t kCr4CopiedBits = kCr4De | kCr4Mce | kCr4Pge;
// Memory types must agree across CPUs [Intel SDM vol. 3A, 13.12.4 "Programming the PAT"; 11.12.4
// in older editions]: APs take the boot CPU's PAT.
// (INIT leaves the MTRRs alone, and the firmware made those agree.)
constexpr uint32_t kMsrPat = 0x277;
// Beyond this the TSCs are not one clock for the scheduler's purposes.
constexpr uint64_t kSkewWarnNs = 2'000;

struct [[gnu::packed]] DescriptorTablePointer {
  uint16_t limit;
  uint64_t base;
};

// Shared with the APs: written by the boot CPU before the STARTUP IPIs, read-only afterwards.
CpuFeatures ap_features;
uint64_t boot_cpu_cr4 = 0;
uint64_t boot_cpu_pat = 0;  // IA32_PAT, when the CPU has PAT
DescriptorTablePointer kernel_idt;
uint64_t trampoline_page = 0;

ApObservation observations[kMaxCpus];
uint32_t online_cpus = 1;
int64_t max_skew_ns = 0;
uint64_t max_latency_ns = 0;  // the worst handshake latency: the skew estimates' uncertainty

// The TSC handshake with one AP at a time (TscSkew* below).
uint32_t skew_sequence = 0;
uint64_t skew_bsp_tsc = 0;
uint64_t skew_ap_read_tsc = 0;
uint64_t skew_ap_tsc = 0;

void SpinFor(uint64_t ns) {
  const uint64_t until = MonotonicNanoseconds() + ns;
  while (MonotonicNanoseconds() < until) Pause();
}

// Waits until skew_sequence is `value` or kSkewDone and returns it; 0 after
// kHandshakeTimeoutNs.
uint32_t AwaitSequence(uint32_t value) {
  const uint64_t limit = MonotonicNanoseconds() + kHandshakeTimeoutNs;
  for (;;) {
    const uint32_t seen = __atomic_load_n(&skew_sequence, __ATOMIC_ACQUIRE);
    if (seen == value || seen == kSkewDone) return seen;
    if (MonotonicNanoseconds() > limit) return 0;
    Pause();
  }
}

void PublishSequence(uint32_t value) {
  __atomic_store_n(&skew_sequence, value, __ATOMIC_RELEASE);
}

// The AP's half of the handshake (see EstimateTscSkew): round i uses sequence values 4i+1..4i+4.
void TscSkewApSide() {
  for (uint32_t round = 0; round < kSkewRounds; ++round) {
    const uint32_t base = 4 * round;
    PublishSequence(base + 1);
    if (AwaitSequence(base + 2) != base + 2) return;
    __atomic_store_n(&skew_ap_read_tsc, ReadTsc(), __ATOMIC_RELAXED);
    __atomic_store_n(&skew_ap_tsc, ReadTsc(), __ATOMIC_RELAXED);
    PublishSequence(base + 3);
    if (AwaitSequence(base + 4) != base + 4) return;
  }
}

// The boot CPU's half, with interrupts off so that a timer interrupt does not stretch a round.
// Ends the handshake (kSkewDone) after kSkewRounds or kSkewBudgetNs. Returns the estimate in
// TSC ticks and the rounds done.
Result<TscSkewEstimate> TscSkewBspSide(uint32_t* rounds_done) {
  int64_t forward[kSkewRounds];
  int64_t backward[kSkewRounds];
  InterruptGuard no_interrupts;
  uint64_t budget_end = 0;  // from the AP's first "ready": it logs its `online` line before
  uint32_t rounds = 0;
  while (rounds < kSkewRounds) {
    const uint32_t base = 4 * rounds;
    // On a timeout kSkewDone releases an AP that may still be waiting.
    if (AwaitSequence(base + 1) != base + 1) {
      PublishSequence(kSkewDone);
      return Error(Status::kTimedOut);
    }
    if (rounds == 0) budget_end = MonotonicNanoseconds() + kSkewBudgetNs;
    const uint64_t bsp_tsc = ReadTsc();
    __atomic_store_n(&skew_bsp_tsc, bsp_tsc, __ATOMIC_RELAXED);
    PublishSequence(base + 2);
    if (AwaitSequence(base + 3) != base + 3) {
      PublishSequence(kSkewDone);
      return Error(Status::kTimedOut);
    }
    const uint64_t now = ReadTsc();
    forward[rounds] =
        static_cast<int64_t>(__atomic_load_n(&skew_ap_read_tsc, __ATOMIC_RELAXED) - bsp_tsc);
    backward[rounds] = static_cast<int64_t>(now - __atomic_load_n(&skew_ap_tsc, __ATOMIC_RELAXED));
    ++rounds;
    const bool last = rounds == kSkewRounds || MonotonicNanoseconds() > budget_end;
    PublishSequence(last ? kSkewDone : base + 4);
    if (last) break;
  }
  *rounds_done = rounds;
  return EstimateTscSkew(rstd::Span<const int64_t>(forward, rounds),
                         rstd::Span<const int64_t>(backward, rounds));
}

int64_t TicksToSignedNs(int64_t ticks) {
  const uint64_t magnitude = MonotonicClock().TicksToNanoseconds(
      static_cast<uint64_t>(ticks < 0 ? -ticks : ticks));
  return ticks < 0 ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
}

// The TSC handshake's result for one AP, logged, folded into max_skew_ns (the midpoint
// estimate). A warning only when the bounds prove the skew beyond kSkewWarnNs.
void MeasureTscSkew(const PerCpu& cpu) {
  uint32_t rounds = 0;
  Result<TscSkewEstimate> estimate = TscSkewBspSide(&rounds);
  if (!estimate.ok()) {
    LogWarn("smp: cpu {} TSC handshake failed ({})", cpu.index, estimate.status());
    max_skew_ns = -1;
    return;
  }
  const int64_t skew_ns = TicksToSignedNs(estimate->skew_ticks);
  const uint64_t latency_ns = MonotonicClock().TicksToNanoseconds(estimate->latency_ticks);
  const int64_t lowest_ns = TicksToSignedNs(estimate->lowest_ticks);
  const int64_t highest_ns = TicksToSignedNs(estimate->highest_ticks);
  LogInfo("smp: cpu {} TSC skew {} ns against cpu 0 (within {}..{} ns; {} rounds, one-way "
          "latency {} ns)", cpu.index, skew_ns, lowest_ns, highest_ns, rounds, latency_ns);
  const int64_t limit = static_cast<int64_t>(kSkewWarnNs);
  if (lowest_ns > limit || highest_ns < -limit) {
    LogWarn("smp: cpu {} TSC is at least {} ns off cpu 0's: TSCs are not in sync", cpu.index,
            lowest_ns > limit ? lowest_ns : -highest_ns);
  }
  const int64_t magnitude = skew_ns < 0 ? -skew_ns : skew_ns;
  if (max_skew_ns >= 0 && magnitude > max_skew_ns) max_skew_ns = magnitude;
  if (latency_ns > max_latency_ns) max_latency_ns = latency_ns;
}

const acpi::Madt* UsableMadt() {
  const acpi::PlatformTables* tables = GetBootInfo().platform_tables;
  if (tables == nullptr || !acpi::PlatformTables::Usable(tables->madt_status)) return nullptr;
  return &tables->madt;
}

rstd::Span<const boot::MemoryRange> MemoryMap() {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  return {PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map), handoff.memory_map_count};
}

TrampolineLayout Layout() {
  const uint8_t* start = raeen_ap_trampoline_start;
  return TrampolineLayout{
      .code_size = static_cast<uint32_t>(raeen_ap_trampoline_end - start),
      .data_offset = static_cast<uint32_t>(raeen_ap_trampoline_data - start),
      .protected_offset = static_cast<uint32_t>(raeen_ap_trampoline_protected - start),
      .long_offset = static_cast<uint32_t>(raeen_ap_trampoline_long - start),
  };
}

// Stacks for one AP: its start-up stack and three IST stacks, all guard-paged.
Result<void> AllocateStacks(PerCpu& cpu) {
  RAEEN_TRY(StackRange stack, AllocateKernelStack(kStackSize));
  cpu.kernel_stack_top = stack.high;
  for (int i = 0; i < 3; ++i) {
    RAEEN_TRY(StackRange ist, AllocateKernelStack(kStackSize));
    cpu.ist[i] = {ist.low, ist.high};
  }
  return {};
}

bool AwaitOnline(const PerCpu& cpu) {
  const uint64_t limit = MonotonicNanoseconds() + kOnlineTimeoutNs;
  while (__atomic_load_n(&cpu.online, __ATOMIC_ACQUIRE) == 0) {
    if (MonotonicNanoseconds() > limit) return false;
    Pause();
  }
  return true;
}

// Starts one AP whose PerCpu is set up; true once it is online.
bool StartOne(PerCpu& cpu, uint64_t code_page, uint64_t boot_cr3) {
  Result<ApTrampolineData> data = BuildTrampolineData(
      Layout(), TrampolineParameters{
                    .code_page = code_page,
                    .boot_cr3 = boot_cr3,
                    .kernel_cr3 = KernelAddressSpace().root(),
                    .entry = reinterpret_cast<uint64_t>(&RaeenApMain),
                    .stack_top = cpu.kernel_stack_top,
                    .per_cpu = reinterpret_cast<uint64_t>(&cpu),
                    .nx = ap_features.nx,
                });
  if (!data.ok()) {
    LogError("smp: cpu {} (apic {}): bad start-up data ({})", cpu.index, cpu.apic_id,
             data.status());
    return false;
  }
  __builtin_memcpy(PhysicalToVirtual<uint8_t>(code_page) + Layout().data_offset, &*data,
                   sizeof(*data));
  __atomic_store_n(&skew_sequence, 0, __ATOMIC_RELEASE);
  // INIT, STARTUP, STARTUP [Intel SDM vol. 3A, 9.4.4.1]; a CPU already running ignores the
  // second STARTUP.
  SendInitIpi(cpu.apic_id);
  SpinFor(kInitDelayNs);
  const uint8_t vector = StartupVector(code_page);
  SendStartupIpi(cpu.apic_id, vector);
  SpinFor(kStartupDelayNs);
  if (__atomic_load_n(&cpu.online, __ATOMIC_ACQUIRE) == 0) {
    SendStartupIpi(cpu.apic_id, vector);
    SpinFor(kStartupDelayNs);
  }
  if (!AwaitOnline(cpu)) {
    // Park it in wait-for-SIPI, so it cannot wake later on another AP's start-up data.
    SendInitIpi(cpu.apic_id);
    LogWarn("smp: cpu {} (apic {}) did not come online within {} ms; left out", cpu.index,
            cpu.apic_id, kOnlineTimeoutNs / kMillisecond);
    return false;
  }
  MeasureTscSkew(cpu);
  return true;
}

// Identity-maps the code page and copies the start-up code into it; copies the kernel's PML4
// (identity mapping included) into the low page when the AP cannot load the kernel's own.
Result<void> PrepareTrampoline(uint64_t code_page, const BootPageTable& boot_table) {
  const TrampolineLayout layout = Layout();
  if (layout.code_size > kTrampolinePageSize) return Error(Status::kInvalidArgument);
  RAEEN_TRY(KernelAddressSpace().MapIdentity(code_page, kTrampolinePageSize,
                                             {.executable = true}));
  uint8_t* code = PhysicalToVirtual<uint8_t>(code_page);
  __builtin_memset(code, 0, kTrampolinePageSize);
  __builtin_memcpy(code, raeen_ap_trampoline_start, layout.code_size);
  if (boot_table.copy) {
    __builtin_memcpy(PhysicalToVirtual<uint8_t>(boot_table.root),
                     PhysicalToVirtual<uint8_t>(KernelAddressSpace().root()), kTrampolinePageSize);
  }
  return {};
}

uint32_t CountEnabled(const acpi::Madt& madt) {
  uint32_t count = 0;
  for (const acpi::Processor& processor : madt.Processors()) {
    if (processor.enabled) ++count;
  }
  return count;
}

void StartAll(const acpi::Madt& madt, uint32_t boot_apic_id, uint32_t expected) {
  Result<TrampolinePages> pages = ChooseTrampolinePages(MemoryMap());
  if (!pages.ok()) {
    LogWarn("smp: no free boot-services page below 1 MiB for the start-up code ({}); APs stay "
            "parked", pages.status());
    return;
  }
  Result<BootPageTable> boot_table = ChooseBootPageTable(KernelAddressSpace().root(), *pages);
  if (!boot_table.ok()) {
    LogWarn("smp: the kernel's PML4 {:#x} is above 4 GiB and no low page is left for a copy; "
            "APs stay parked", KernelAddressSpace().root());
    return;
  }
  if (Result<void> prepared = PrepareTrampoline(pages->code, *boot_table); !prepared.ok()) {
    LogWarn("smp: cannot map the start-up page {:#x} ({}); APs stay parked", pages->code,
            prepared.status());
    return;
  }
  trampoline_page = pages->code;
  LogInfo("smp: starting {} APs from start-up page {:#x} (32-bit CR3 {:#x}{})", expected - 1,
          pages->code, boot_table->root, boot_table->copy ? ", a copy of the kernel's" : "");
  for (const acpi::Processor& processor : madt.Processors()) {
    if (!processor.enabled || processor.apic_id == boot_apic_id) continue;
    if (LocalApicMode() == ApicMode::kXApic && processor.apic_id > 0xfe) {
      LogWarn("smp: apic {} needs x2APIC mode; left out", processor.apic_id);
      continue;
    }
    PerCpu* cpu = AllocatePerCpu(processor.apic_id);
    if (cpu == nullptr) {
      LogWarn("smp: more than {} CPUs; apic {} left out", kMaxCpus, processor.apic_id);
      continue;
    }
    if (Result<void> stacks = AllocateStacks(*cpu); !stacks.ok()) {
      LogWarn("smp: no stacks for apic {} ({}); left out", processor.apic_id, stacks.status());
      continue;
    }
    if (StartOne(*cpu, pages->code, boot_table->root)) {
      __atomic_fetch_add(&online_cpus, 1, __ATOMIC_RELEASE);
    }
  }
  // Every AP that came up has left the page (it runs ApMain) and invalidated its translation.
  if (Result<void> unmapped = KernelAddressSpace().Unmap(pages->code, kTrampolinePageSize);
      !unmapped.ok()) {
    LogError("smp: start-up page {:#x} stays identity-mapped ({})", pages->code, unmapped.status());
  }
}

}  // namespace

extern "C" [[noreturn]] void RaeenApMain(PerCpu* cpu) {
  InitGdtForThisCpu(cpu->tables, cpu->ist);
  SetCurrentCpu(cpu);
  asm volatile("lidt %0" : : "m"(kernel_idt) : "memory");
  WriteCr4(ReadCr4() | (boot_cpu_cr4 & kCr4CopiedBits));
  if (ap_features.pat) WriteMsr(kMsrPat, boot_cpu_pat);
  (void)EnableProtections(ap_features);
  InitSyscallsOnThisCpu();
  // CR0/CR4/XCR0 for thread FPU state, as on the boot CPU (fpu.h: every CPU calls it).
  InitFpu(ap_features);
  // Done with the identity-mapped start-up page: drop its translation (and, with INVLPG, every
  // paging-structure cache entry) before the boot CPU unmaps it [SDM 3A, 4.10.4.1].
  asm volatile("invlpg (%0)" : : "r"(trampoline_page) : "memory");
  const Result<void> apic = InitLocalApicOnThisCpu();

  ApObservation& seen = observations[cpu->index];
  PerCpu* current = CurrentCpu();
  seen.index_from_gs = current->index;
  seen.apic_id = LocalApicId();
  seen.per_cpu_from_gs = reinterpret_cast<uint64_t>(current);
  seen.cr0 = ReadCr0();
  seen.pat = ap_features.pat ? ReadMsr(kMsrPat) : 0;
  seen.cr4 = ReadCr4();
  DescriptorTablePointer gdtr{};
  DescriptorTablePointer idtr{};
  asm volatile("sgdt %0" : "=m"(gdtr));
  asm volatile("sidt %0" : "=m"(idtr));
  seen.gdt_base = gdtr.base;
  seen.idt_base = idtr.base;

  __atomic_store_n(&cpu->online, 1, __ATOMIC_RELEASE);
  if (!apic.ok()) LogError("smp: cpu {} local APIC unusable ({})", cpu->index, apic.status());
  LogInfo("smp: cpu {} (apic {}) online", cpu->index, seen.apic_id);
  TscSkewApSide();
  RunSchedulerOnThisCpu();
}

void StartSecondaryCpus(const CpuFeatures& features) {
  const uint32_t boot_apic_id = LocalApicMode() == ApicMode::kNone ? 0 : LocalApicId();
  CpuByIndex(0).apic_id = boot_apic_id;
  CpuByIndex(0).kernel_stack_top = GetBootInfo().handoff->stack_virt_top;

  const acpi::Madt* madt = UsableMadt();
  const uint32_t expected = madt == nullptr ? 1 : rstd::Max(CountEnabled(*madt), 1u);
  CommandLine command_line(GetBootInfo().handoff->command_line);
  rstd::StringView smp_option;
  if (command_line.Get("smp", &smp_option) && smp_option == "off") {
    LogInfo("smp: smp=off: APs stay parked");
  } else if (madt == nullptr) {
    LogWarn("smp: no usable ACPI MADT; only the boot CPU runs");
  } else if (LocalApicMode() == ApicMode::kNone) {
    LogWarn("smp: no local APIC; only the boot CPU runs");
  } else if (expected > 1) {
    ap_features = features;
    boot_cpu_cr4 = ReadCr4();
    if (features.pat) boot_cpu_pat = ReadMsr(kMsrPat);
    asm volatile("sidt %0" : "=m"(kernel_idt));
    StartAll(*madt, boot_apic_id, expected);
  }
  LogInfo("smp: {} of {} cpus online", OnlineCpuCount(), expected);
  if (expected > 1 && OnlineCpuCount() > 1) {
    if (max_skew_ns >= 0) {
      LogInfo("smp: max |TSC skew| {} ns across {} cpus (estimates good to +-{} ns)", max_skew_ns,
              OnlineCpuCount(), max_latency_ns);
    } else {
      LogWarn("smp: TSC skew unknown for some cpus");
    }
  }
}

uint32_t OnlineCpuCount() { return __atomic_load_n(&online_cpus, __ATOMIC_ACQUIRE); }

const ApObservation& ObservationOf(uint32_t cpu_index) { return observations[cpu_index]; }

uint64_t TrampolinePage() { return trampoline_page; }

int64_t MaxTscSkewNanoseconds() { return max_skew_ns; }

}  // namespace raeen::kernel::arch
