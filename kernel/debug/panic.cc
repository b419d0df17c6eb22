#include "kernel/debug/panic.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpu_stop.h"
#include "kernel/arch/x86_64/debug_exit.h"
#include "kernel/arch/x86_64/exception_info.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/debug/demangle.h"
#include "kernel/log/log.h"

namespace raeen::kernel {
namespace {

PanicContext panic_context;

// Sends panic output straight to the log sinks, bypassing the log lock that the panicking
// code may hold.
class PanicWriter final : public rstd::Writer {
 public:
  void Write(rstd::StringView text) override { LogRaw(text); }
};

uint64_t ReadKernelWord(uint64_t address, void*) {
  return *reinterpret_cast<const volatile uint64_t*>(address);
}

// How long the panicking CPU waits for the others to confirm that they stopped.
constexpr uint32_t kStopTimeoutMs = 100;
arch::StopOutcome stop_outcome{};

// "panic: stopped 3 other cpus", or which ones did not answer the stop NMI (they may still be
// running: the report cannot vouch for what they do).
void WriteStopOutcome(rstd::Writer& out) {
  const arch::StopOutcome& o = stop_outcome;
  if (o.others == 0) return;
  if (o.silent_mask == 0) {
    rstd::Format(out, "panic: stopped {} other cpu{}\n", o.stopped, o.stopped == 1 ? "" : "s");
    return;
  }
  rstd::Format(out, "panic: stopped {} of {} other cpus; no answer from", o.stopped, o.others);
  for (uint32_t i = 0; i < arch::kMaxCpus; ++i) {
    if ((o.silent_mask >> i) & 1) rstd::Format(out, " cpu {}", i);
  }
  out.Write("\n");
}

[[noreturn]] void FinishPanic() {
  PanicWriter out;
  WriteStopOutcome(out);
  out.Write("System halted.\n");
  arch::DebugExit(arch::DebugExitCode::kPanic);
  arch::HaltForever();
}

// One CPU reports; it first halts every other CPU (cpu_stop.h). A CPU that panics while
// another reports just stops, and a second panic on the reporting CPU (a fault in the
// symbolizer, say) must not recurse.
void EnterPanic() {
  arch::DisableInterrupts();
  switch (arch::ClaimPanic()) {
    case arch::PanicClaim::kFirst:
      break;
    case arch::PanicClaim::kOther:
      arch::StopThisCpu();
    case arch::PanicClaim::kAgain:
      KernelLog().EnterPanicMode();
      LogRaw("\nKERNEL PANIC while panicking; halting.\n");
      arch::DebugExit(arch::DebugExitCode::kPanic);
      arch::HaltForever();
  }
  stop_outcome = arch::StopOtherCpus(kStopTimeoutMs);
  // The log lock may be held by the code that panicked (or by a CPU just stopped): from now
  // on the log ignores it.
  KernelLog().EnterPanicMode();
}

// Names the stack `address` lies on, so a report of a stack overflow says which stack ran
// out (the CPU switched to an IST stack to report it, so rsp alone would not tell).
constexpr uint64_t kGuardSize = 4096;

bool InBootStackGuard(uint64_t address) {
  const StackRange& boot = panic_context.boot_stack;
  return boot.low >= kGuardSize && address >= boot.low - kGuardSize && address < boot.low;
}

void WriteStackDescription(rstd::Writer& out, uint64_t address) {
  const StackRange& boot = panic_context.boot_stack;
  if (address >= boot.low && address < boot.high) {
    out.Write(address - boot.low < 64 ? "at the very bottom of the boot stack"
                                      : "on the boot stack");
    return;
  }
  if (InBootStackGuard(address)) {
    out.Write("in the guard page below the boot stack");
    return;
  }
  struct Named {
    arch::IstSlot slot;
    const char* name;
  };
  constexpr Named kIst[] = {{arch::IstSlot::kDoubleFault, "the double-fault IST stack"},
                            {arch::IstSlot::kNmi, "the NMI IST stack"},
                            {arch::IstSlot::kMachineCheck, "the machine-check IST stack"}};
  for (const Named& ist : kIst) {
    arch::StackBounds bounds = arch::IstStackBounds(ist.slot);
    if (address >= bounds.low && address < bounds.high) {
      rstd::Format(out, "on {}", ist.name);
      return;
    }
  }
  out.Write("outside every known kernel stack");
}

void WriteRegisters(rstd::Writer& out, const arch::InterruptFrame& f) {
  rstd::Format(out, "  rax={:016x} rbx={:016x} rcx={:016x} rdx={:016x}\n", f.rax, f.rbx, f.rcx,
               f.rdx);
  rstd::Format(out, "  rsi={:016x} rdi={:016x} rbp={:016x} rsp={:016x}\n", f.rsi, f.rdi, f.rbp,
               f.rsp);
  rstd::Format(out, "  r8 ={:016x} r9 ={:016x} r10={:016x} r11={:016x}\n", f.r8, f.r9, f.r10,
               f.r11);
  rstd::Format(out, "  r12={:016x} r13={:016x} r14={:016x} r15={:016x}\n", f.r12, f.r13, f.r14,
               f.r15);
  rstd::Format(out, "  rip={:016x} rflags={:016x} cs={:#x} ss={:#x}\n", f.rip, f.rflags, f.cs,
               f.ss);
  rstd::Format(out, "  cr0={:016x} cr2={:016x} cr3={:016x} cr4={:016x}\n", arch::ReadCr0(),
               arch::ReadCr2(), arch::ReadCr3(), arch::ReadCr4());
}

}  // namespace

void SetPanicContext(const PanicContext& context) { panic_context = context; }

void WriteSymbolizedAddress(rstd::Writer& out, uint64_t address) {
  rstd::Format(out, "{:#018x}", address);
  const PanicContext& c = panic_context;
  if (c.symbolizer == nullptr || address < c.kernel_virt || address - c.kernel_virt >= c.kernel_size) {
    return;
  }
  Result<SymbolMatch> match = c.symbolizer->Lookup(address - c.kernel_virt);
  if (!match.ok()) return;
  out.Write(" ");
  WriteDemangled(out, match->name);
  rstd::Format(out, "+{:#x}", match->offset);
}

void WriteBacktrace(rstd::Writer& out, uint64_t rbp) {
  StackRange stacks[4] = {panic_context.boot_stack};
  size_t stack_count = 1;
  constexpr arch::IstSlot kIstSlots[] = {arch::IstSlot::kDoubleFault, arch::IstSlot::kNmi,
                                         arch::IstSlot::kMachineCheck};
  for (arch::IstSlot slot : kIstSlots) {
    arch::StackBounds bounds = arch::IstStackBounds(slot);
    stacks[stack_count++] = StackRange{bounds.low, bounds.high};
  }
  uint64_t addresses[32];
  size_t count = WalkFramePointers(rbp, rstd::Span<const StackRange>(stacks, stack_count),
                                   ReadKernelWord, nullptr, addresses);
  for (size_t i = 0; i < count; ++i) {
    // A return address points after the call; symbolize the call instruction itself.
    rstd::Format(out, "  #{} ", i + 1);
    WriteSymbolizedAddress(out, addresses[i] - 1);
    out.Write("\n");
  }
  if (count == 0) out.Write("  (no frames)\n");
}

void PanicMessage(rstd::StringView message) {
  EnterPanic();
  PanicWriter out;
  rstd::Format(out, "\n\x1b[1;31mKERNEL PANIC\x1b[0m: {}\n", message);
  out.Write("backtrace:\n");
  WriteBacktrace(out, arch::ReadRbp());
  FinishPanic();
}

void PanicWithFrame(const arch::InterruptFrame& frame) {
  EnterPanic();
  PanicWriter out;
  rstd::Format(out, "\n\x1b[1;31mKERNEL PANIC\x1b[0m: unhandled exception {} ({})\n", frame.vector,
               arch::ExceptionName(frame.vector));
  if (frame.vector == arch::kVectorPageFault) {
    rstd::Format(out, "  page fault: cr2={:#018x} error={:#x} (", arch::ReadCr2(), frame.error_code);
    arch::WritePageFaultError(out, frame.error_code);
    out.Write(")\n");
    const uint64_t cr4 = arch::ReadCr4();
    constexpr uint64_t kRflagsAc = 1ull << 18;
    rstd::StringView protection = arch::UserPageProtectionFault(
        frame.error_code, arch::ReadCr2(), (cr4 & arch::kCr4Smep) != 0,
        (cr4 & arch::kCr4Smap) != 0, (frame.rflags & kRflagsAc) != 0);
    if (!protection.empty()) rstd::Format(out, "  refused: {}\n", protection);
  } else if (arch::HasSelectorErrorCode(frame.vector)) {
    rstd::Format(out, "  error={:#x} (", frame.error_code);
    arch::WriteSelectorError(out, frame.error_code);
    out.Write(")\n");
  } else {
    rstd::Format(out, "  error={:#x}\n", frame.error_code);
  }
  out.Write("  at ");
  WriteSymbolizedAddress(out, frame.rip);
  rstd::Format(out, "\n  stack: rsp={:#018x} ", frame.rsp);
  WriteStackDescription(out, frame.rsp);
  out.Write("\n");
  // A push that faults on the guard page cannot deliver its #PF either (the CPU would push
  // onto the same page), so a stack overflow arrives as #DF with CR2 in the guard page.
  bool stack_fault = frame.vector == arch::kVectorPageFault || frame.vector == 8;
  if (stack_fault && (InBootStackGuard(arch::ReadCr2()) || InBootStackGuard(frame.rsp))) {
    out.Write("  the boot stack overflowed: the fault hit its guard page\n");
  }
  // A fetch fault at the first instruction of a bad call target (a jump into data, a null
  // function pointer) leaves the return address on top of the stack: name the caller.
  constexpr uint64_t kInstructionFetch = 1u << 4;
  const StackRange& boot = panic_context.boot_stack;
  if (frame.vector == arch::kVectorPageFault && (frame.error_code & kInstructionFetch) &&
      frame.rsp >= boot.low && frame.rsp + 8 <= boot.high) {
    out.Write("  called from ");
    WriteSymbolizedAddress(out, ReadKernelWord(frame.rsp, nullptr) - 1);
    out.Write("\n");
  }
  WriteRegisters(out, frame);
  out.Write("backtrace:\n  #0 ");
  WriteSymbolizedAddress(out, frame.rip);
  out.Write("\n");
  WriteBacktrace(out, frame.rbp);
  FinishPanic();
}

}  // namespace raeen::kernel
