// KernelMain: the boot CPU's path from the loader's jump to `kernel ready`.

#include <raeen/handoff.h>

#include "kernel/acpi/direct_map_memory.h"
#include "kernel/acpi/platform_report.h"
#include "kernel/acpi/platform_tables.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/ipi.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/idt.h"
#include "kernel/arch/x86_64/interrupt_setup.h"
#include "kernel/arch/x86_64/protection.h"
#include "kernel/arch/x86_64/serial.h"
#include "kernel/arch/x86_64/smp_boot.h"
#include "kernel/arch/x86_64/user_entry.h"
#include "kernel/bench/kernel_benchmarks.h"
#include "kernel/boot/boot_info.h"
#include "kernel/boot/command_line.h"
#include "kernel/boot/handoff_check.h"
#include "kernel/boot/seeded_random.h"
#include "kernel/console/builtin_font.h"
#include "kernel/console/framebuffer_console.h"
#include "kernel/console/framebuffer_handover.h"
#include "kernel/debug/panic.h"
#include "kernel/debug/symbolizer.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/boot_memory_reclaim.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_layout.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/mm/kernel_stacks.h"
#include "kernel/mm/physical_memory_stats.h"
#include "kernel/power/power.h"
#include "kernel/process/boot_programs.h"
#include "kernel/process/process.h"
#include "kernel/syscall/syscalls.h"
#include "kernel/thread/thread.h"
#include "kernel/time/clock_calibration.h"
#include "kernel/time/monotonic_clock.h"
#include "kernel/time/tsc_clock.h"

// Set from gdb (`set var raeen_gdb_release = 1`) to let a `gdbwait` boot continue.
extern "C" volatile uint32_t raeen_gdb_release;
volatile uint32_t raeen_gdb_release = 0;

namespace raeen::kernel {
namespace {

constexpr rstd::StringView kVersion = RAEEN_VERSION;
constexpr rstd::StringView kCommit = RAEEN_GIT_COMMIT;

BootInfo boot_info;
arch::SerialPort serial;
FramebufferConsole framebuffer_console;
Symbolizer kernel_symbols;

// Writes "12.345" milliseconds without floating point (the kernel has none).
void WriteMilliseconds(rstd::Writer& out, uint64_t ticks) {
  uint64_t us = MonotonicClock().TicksToNanoseconds(ticks) / 1000;
  rstd::Format(out, "{}.{:03}", us / 1000, us % 1000);
}

// Boot phases from the loader's TSC timestamps: one line for people, and with `bench` on the
// command line one `@bench` sample per phase for `./rae bench`.
void ReportBootTimes(const boot::BootTimestamps& t, uint64_t entry_tsc, bool bench) {
  uint64_t ready_tsc = arch::ReadTsc();
  struct Phase {
    rstd::StringView metric;
    uint64_t ticks;
  };
  const Phase phases[] = {
      {"boot.loader_entry_to_kernel_entry", entry_tsc - t.loader_entry_tsc},
      {"boot.loader_files_loaded", t.files_loaded_tsc - t.loader_entry_tsc},
      {"boot.exit_boot_services_to_kernel_entry", entry_tsc - t.exit_boot_services_tsc},
      {"boot.kernel_entry_to_ready", ready_tsc - entry_tsc},
  };
  char loader_text[24];
  char kernel_text[24];
  rstd::BufferWriter loader(loader_text, sizeof(loader_text));
  rstd::BufferWriter kernel(kernel_text, sizeof(kernel_text));
  WriteMilliseconds(loader, phases[0].ticks);
  WriteMilliseconds(kernel, phases[3].ticks);
  LogInfo("boot: {} ms in rae-boot, {} ms in the kernel", loader.view(), kernel.view());
  if (!bench) return;
  for (const Phase& phase : phases) {
    char value_text[24];
    rstd::BufferWriter value(value_text, sizeof(value_text));
    WriteMilliseconds(value, phase.ticks);
    LogInfo("@bench {} ms {}", phase.metric, value.view());
  }
}

[[noreturn]] void HaltWithError(rstd::StringView what, rstd::StringView reason) {
  LogError("{}: {}", what, reason);
  Panic("cannot continue booting: {}", what);
}

rstd::StringView SlideSourceName(boot::EntropySource source) {
  switch (source) {
    case boot::EntropySource::kEfiRng: return "efi-rng";
    case boot::EntropySource::kRdrand: return "rdrand";
    case boot::EntropySource::kTscJitter: return "tsc-jitter (weak)";
    case boot::EntropySource::kNone: break;
  }
  return "none (no randomness: the base is predictable)";
}

rstd::Span<const boot::MemoryRange> MemoryMap(const boot::Handoff& handoff) {
  return {PhysicalToVirtual<const boot::MemoryRange>(handoff.memory_map),
          handoff.memory_map_count};
}

void StartFramebufferConsole(const boot::Handoff& handoff) {
  const boot::Framebuffer& fb = handoff.framebuffer;
  if (fb.format == boot::PixelFormat::kNone) {
    LogWarn("console: no framebuffer from the loader; serial console only");
    return;
  }
  Result<PsfFont> font = BuiltinConsoleFont();
  if (!font.ok()) {
    LogError("console: built-in font is unusable ({}); serial console only", font.status());
    return;
  }
  FramebufferView view = FramebufferView::FromHandoff(fb, PhysicalToVirtual<void>(fb.base));
  Result<FramebufferConsole> console = FramebufferConsole::Create(view, *font);
  if (!console.ok()) {
    LogError("console: framebuffer {}x{} unusable ({}); serial console only", fb.width,
             fb.height, console.status());
    return;
  }
  framebuffer_console = console.value();
  framebuffer_console.Clear();
  // Show the screen everything logged so far, then keep it in step.
  KernelLog().Replay(framebuffer_console, true);
  if (!KernelLog().AddSink(framebuffer_console, true).ok()) {
    LogError("console: no free log sink for the framebuffer console");
    return;
  }
  RegisterFramebufferLogSink(framebuffer_console, fb.base, fb.size);
  LogInfo("console: framebuffer {}x{} at {:#x}, {}x{} text cells", fb.width, fb.height, fb.base,
          framebuffer_console.columns(), framebuffer_console.rows());
}

// What a panic report needs to name the kernel's code and the boot stack, with the kernel's
// symbols once LoadKernelSymbols has found them.
PanicContext PanicContextFor(const boot::Handoff& handoff) {
  return PanicContext{
      .symbolizer = boot_info.symbolizer,
      .kernel_virt = handoff.kernel_virt,
      .kernel_size = handoff.kernel_size,
      .boot_stack = {handoff.stack_virt_top - handoff.stack_size, handoff.stack_virt_top},
  };
}

void LoadKernelSymbols(const boot::Handoff& handoff) {
  if (handoff.kernel_file_size == 0) {
    LogWarn("debug: loader kept no kernel file; backtraces show raw addresses");
    return;
  }
  Result<Symbolizer> symbols = Symbolizer::Create(
      rstd::Bytes(PhysicalToVirtual<const uint8_t>(handoff.kernel_file), handoff.kernel_file_size));
  if (!symbols.ok()) {
    LogWarn("debug: no usable symbol table in the kernel file ({}); backtraces show raw addresses",
            symbols.status());
    return;
  }
  kernel_symbols = symbols.value();
  boot_info.symbolizer = &kernel_symbols;
  LogDebug("debug: {} symbols for backtraces", kernel_symbols.symbol_count());
}

// What the firmware's ACPI tables say (about 8 KiB: static storage, not the boot stack).
acpi::PlatformTables platform_tables;

void ReportMachine(const boot::Handoff& handoff) {
  auto map = MemoryMap(handoff);
  uint64_t usable = MemoryOfKind(map, boot::MemoryKind::kUsable) +
                    MemoryOfKind(map, boot::MemoryKind::kBootReclaimable);
  LogInfo("memory: {} MiB usable of {} MiB RAM ({} ranges)", usable >> 20, TotalRam(map) >> 20,
          map.size());

  if (handoff.rsdp == 0) {
    LogWarn("cpus: 1 assumed (the firmware gave no ACPI tables)");
    return;
  }
  acpi::DirectMapMemory memory(handoff);
  acpi::ReadPlatformTables(memory, handoff.rsdp, &platform_tables);
  boot_info.platform_tables = &platform_tables;
  acpi::LogPlatformTables(platform_tables);
  if (!acpi::PlatformTables::Usable(platform_tables.madt_status)) {
    LogWarn("cpus: 1 assumed (no usable ACPI MADT: {})", platform_tables.madt_status);
    return;
  }
  acpi::MadtSummary summary = acpi::Summarize(platform_tables.madt);
  LogInfo("cpus: {} (ACPI MADT; {} I/O APIC, local APIC at {:#x})", summary.enabled_cpus,
          summary.io_apics, summary.local_apic_address);
}

// One word per protection: "smep" when on, "-umip" when the CPU lacks it.
void ReportCpu(const arch::CpuidLeaves& cpuid, const arch::CpuFeatures& features,
               const arch::ProtectionState& on) {
  rstd::StringView brand = rstd::StringView(cpuid.brand).Trim();
  LogInfo("cpu: {} {}", cpuid.vendor, brand.empty() ? rstd::StringView("(no brand string)") : brand);
  char text[256];
  rstd::BufferWriter present(text, sizeof(text));
  arch::WriteFeatureList(present, features, true);
  LogInfo("cpu: has {}", present.view());
  rstd::BufferWriter missing(text, sizeof(text));
  arch::WriteFeatureList(missing, features, false);
  LogInfo("cpu: lacks {}", missing.view());
  auto word = [](bool enabled) { return enabled ? rstd::StringView("on") : rstd::StringView("OFF"); };
  LogInfo("protection: nx {}, wp {}, smep {}, smap {}, umip {}, fsgsbase {}", word(on.nx),
          word(on.write_protect), word(on.smep), word(on.smap), word(on.umip), word(on.fsgsbase));
  if (!on.nx || !on.smep || !on.smap || !on.umip) {
    LogWarn("protection: this CPU lacks some protections; RaeenOS runs with less defence in depth");
  }
}

// The kernel's own areas (stacks, device registers) at random bases from the loader's seed;
// the loader already placed the kernel image and the direct map (docs/kaslr.md).
void RandomizeKernelLayout(const boot::Handoff& handoff) {
  SeededRandom random(handoff.random_seed);
  if (!random.seeded()) LogWarn("kaslr: the loader gave no random seed; kernel areas are predictable");
  Result<KernelLayout> layout = ChooseKernelLayout(random);
  if (!layout.ok()) {
    LogWarn("kaslr: kernel areas keep their fixed bases ({})", layout.status());
    return;
  }
  SetKernelLayout(*layout);
  LogInfo("kaslr: direct map {:#018x}, kernel stacks {:#018x}, mmio {:#018x}",
          handoff.direct_map_base, layout->stack_area_base, layout->mmio_window_base);
}

void StartKernelMemory(const boot::Handoff& handoff) {
  Result<void> memory = InitKernelMemory(handoff);
  if (!memory.ok()) Panic("cannot set up the physical page allocator: {}", memory.status());
  char text[256];
  rstd::BufferWriter stats(text, sizeof(text));
  WritePhysicalMemoryStats(stats, PhysicalPages().stats());
  LogInfo("memory: {}", stats.view());
}

// Double fault, NMI and machine check get stacks with guard pages below them.
void MoveIstStacksToGuardedMemory() {
  constexpr uint64_t kIstStackSize = 16 * 1024;
  constexpr arch::IstSlot kSlots[] = {arch::IstSlot::kDoubleFault, arch::IstSlot::kNmi,
                                      arch::IstSlot::kMachineCheck};
  for (arch::IstSlot slot : kSlots) {
    Result<StackRange> stack = AllocateKernelStack(kIstStackSize);
    if (!stack.ok()) {
      LogWarn("mm: no guarded IST stack ({}); keeping the early one", stack.status());
      continue;
    }
    arch::SetIstStack(slot, {stack->low, stack->high});
  }
}

// The handoff as the kernel keeps it once the loader's memory is reclaimed.
boot::Handoff kept_handoff;

// Copies what the kernel still needs out of boot memory and frees the rest. Returns the
// handoff to use from now on: the copy, or the loader's when nothing was reclaimed.
const boot::Handoff* TakeOverBootMemory(const boot::Handoff* handoff) {
  Result<ReclaimedBootMemory> reclaimed = kernel::TakeOverBootMemory(*handoff, &kept_handoff);
  if (!reclaimed.ok()) {
    LogWarn("memory: boot memory stays reserved ({})", reclaimed.status());
    return handoff;
  }
  boot_info.handoff = &kept_handoff;
  LoadKernelSymbols(kept_handoff);
  SetPanicContext(PanicContextFor(kept_handoff));
  LogInfo("memory: reclaimed {} KiB of boot services, {} KiB of loader data, {} KiB of loader "
          "page tables, {} KiB of kernel file",
          reclaimed->boot_services_bytes >> 10, reclaimed->loader_bytes >> 10,
          reclaimed->page_table_bytes >> 10, reclaimed->kernel_file_bytes >> 10);
  char text[256];
  rstd::BufferWriter stats(text, sizeof(text));
  WritePhysicalMemoryStats(stats, PhysicalPages().stats());
  LogInfo("memory: {}", stats.view());
  return &kept_handoff;
}

// Every thread gets its own FPU/SSE/AVX state; the code running now becomes the "boot" thread.
void StartThreads(const arch::CpuFeatures& features) {
  arch::InitFpu(features);
  LogInfo("fpu: {} bytes of state per thread, {} (XCR0 {:#x})", arch::FpuStateSize(),
          arch::FpuComponents() != 0 ? rstd::StringView("xsave") : rstd::StringView("fxsave"),
          arch::FpuComponents());
  if (Result<void> threads = InitThreads(); !threads.ok()) {
    Panic("cannot start kernel threads: {}", threads.status());
  }
}

void WaitForDebugger() {
  LogInfo("gdbwait: waiting for the debugger: `set var raeen_gdb_release = 1` then `continue`");
  while (raeen_gdb_release == 0) arch::Pause();
  LogInfo("gdbwait: released");
}

}  // namespace

const BootInfo& GetBootInfo() { return boot_info; }

extern "C" [[noreturn]] void KernelMain(const boot::Handoff* handoff) {
  uint64_t entry_tsc = arch::ReadTsc();
  boot_info.handoff = handoff;
  boot_info.kernel_entry_tsc = entry_tsc;

  // Serial first, so that every later problem can be reported.
  if (serial.Init().ok()) (void)KernelLog().AddSink(serial, true);

  rstd::StringView reason;
  if (!CheckHandoff(*handoff, &reason).ok()) HaltWithError("invalid handoff from the loader", reason);
  if (!CheckMemoryMap(MemoryMap(*handoff), handoff->direct_map_size, &reason).ok()) {
    HaltWithError("invalid memory map from the loader", reason);
  }
  // The loader's TSC estimate dates the log until the kernel has calibrated its own.
  Result<TscClock> loader_clock =
      TscClock::Create(handoff->timestamps.tsc_hz, handoff->timestamps.loader_entry_tsc);
  if (loader_clock.ok()) SetMonotonicClock(*loader_clock);
  KernelLog().SetClock(&MonotonicNanoseconds);

  CommandLine command_line(handoff->command_line);
  rstd::StringView level;
  bool debug_log = command_line.Get("loglevel", &level) && level == "debug";
  KernelLog().SetMinimumLevel(debug_log ? LogLevel::kDebug : LogLevel::kInfo);

  arch::InitGdt();
  arch::InitBootCpuPerCpu();
  arch::InitIdt();
  arch::CpuidLeaves cpuid = arch::ReadCpuidLeaves();
  arch::CpuFeatures features = arch::DecodeCpuFeatures(cpuid);
  arch::ProtectionState protection = arch::EnableProtections(features);
  arch::InitSyscallsOnThisCpu();
  SetPanicContext(PanicContextFor(*handoff));

  LogInfo("\x1b[1;96mRaeenOS {} (RaeCore)\x1b[0m commit {}", kVersion, kCommit);
  LogInfo("kaslr: kernel base {:#018x} (slide source: {})", handoff->kernel_virt,
          SlideSourceName(handoff->slide_source));
  StartFramebufferConsole(*handoff);
  ReportCpu(cpuid, features, protection);
  LoadKernelSymbols(*handoff);
  SetPanicContext(PanicContextFor(*handoff));  // now with the symbols
  if (command_line.Has("gdbwait")) WaitForDebugger();

  LogInfo("command line: '{}'", command_line.text());
  ReportMachine(*handoff);
  RandomizeKernelLayout(*handoff);
  StartKernelMemory(*handoff);
  if (Result<void> switched = SwitchToKernelAddressSpace(*handoff, features.pdpe1gb);
      !switched.ok()) {
    Panic("cannot build the kernel's address space: {}", switched.status());
  }
  MoveIstStacksToGuardedMemory();
  // After the switch: the HPET's registers are mapped into the kernel's MMIO window.
  CalibrateClock(boot_info.platform_tables, handoff->timestamps.loader_entry_tsc, features);
  // Needs the kernel's MMIO window, the ACPI tables and the calibrated clock; ends with sti.
  arch::StartInterruptsAndTimer(features);
  if (Result<void> calls = arch::InitCrossCpuCalls(); !calls.ok()) {
    Panic("cannot start cross-cpu calls: {}", calls.status());
  }
  StartThreads(features);
  InitProcesses();
  InitSyscalls();
  // Needs the local APIC and the kernel's address space; before boot memory is reclaimed.
  arch::StartSecondaryCpus(features);
  if (handoff->initrd_size != 0) {
    LogInfo("initrd: {} KiB at {:#x}", handoff->initrd_size >> 10, handoff->initrd);
  } else {
    LogWarn("initrd: none");
  }

  handoff = TakeOverBootMemory(handoff);
  command_line = CommandLine(handoff->command_line);  // the old one pointed into boot memory

  ReportBootTimes(handoff->timestamps, entry_tsc, command_line.Has("bench"));

  rstd::StringView filter;
  if (command_line.Get("ktest", &filter)) ktest::RunAndExit(filter);

  LogInfo("kernel ready");
  if (command_line.Has("bench")) {
    rstd::StringView benchmarks;
    (void)command_line.Get("bench", &benchmarks);  // a bare `bench` means boot timings only
    bench::RunKernelBenchmarks(benchmarks);
  }
  RunBootPrograms(command_line);
  power::RunReadyCommand(command_line);
  // Boot is over: CPU 0 goes on with other threads, or idles.
  ExitThread();
}

}  // namespace raeen::kernel
