// In-kernel tests of the CPU set-up: descriptor tables, exceptions, control registers.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpu_features.h"
#include "kernel/arch/x86_64/exceptions.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/protection.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/kernel_address_space.h"

namespace raeen::kernel {
namespace {

KTEST(cpu, task_register_holds_the_tss) {
  uint16_t selector = 0;
  asm volatile("str %0" : "=r"(selector));
  KTEST_EXPECT(selector == arch::kTssSelector);
}

KTEST(cpu, segments_are_the_kernel_selectors) {
  uint16_t cs = 0;
  uint16_t ss = 0;
  asm volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
  KTEST_EXPECT(cs == arch::kKernelCodeSelector);
  KTEST_EXPECT(ss == arch::kKernelDataSelector);
}

KTEST(cpu, breakpoint_exception_resumes) {
  uint64_t before = arch::BreakpointCount();
  asm volatile("int3");
  asm volatile("int3");
  KTEST_EXPECT(arch::BreakpointCount() == before + 2);
}

KTEST(cpu, no_execute_and_write_protect_enabled) {
  KTEST_EXPECT((arch::ReadMsr(arch::kMsrEfer) & arch::kEferNxe) != 0);
  KTEST_EXPECT((arch::ReadCr0() & arch::kCr0WriteProtect) != 0);
}

// Every protection the CPU offers is on, and none the CPU lacks is claimed.
KTEST(cpu, protections_match_cpu_features) {
  arch::CpuFeatures features = arch::DecodeCpuFeatures(arch::ReadCpuidLeaves());
  arch::ProtectionState on = arch::CurrentProtections();
  KTEST_EXPECT(on.write_protect);
  KTEST_EXPECT(on.nx == features.nx);
  KTEST_EXPECT(on.smep == features.smep);
  KTEST_EXPECT(on.smap == features.smap);
  KTEST_EXPECT(on.umip == features.umip);
  KTEST_EXPECT(on.fsgsbase == features.fsgsbase);
}

// Every IST stack is mapped and has an unmapped guard page below it.
KTEST(cpu, ist_stacks_have_guard_pages) {
  const arch::IstSlot slots[] = {arch::IstSlot::kDoubleFault, arch::IstSlot::kNmi,
                                 arch::IstSlot::kMachineCheck};
  for (arch::IstSlot slot : slots) {
    arch::StackBounds bounds = arch::IstStackBounds(slot);
    Result<Translation> bottom = KernelAddressSpace().Translate(bounds.low);
    Result<Translation> top = KernelAddressSpace().Translate(bounds.high - 8);
    Result<Translation> guard = KernelAddressSpace().Translate(bounds.low - 4096);
    KTEST_EXPECT(bottom.ok() && top.ok());
    KTEST_EXPECT(bottom.ok() && bottom->protection.writable && !bottom->protection.executable);
    KTEST_EXPECT(guard.status() == Status::kNotFound);
  }
}

KTEST(cpu, ist_stacks_are_distinct) {
  arch::StackBounds df = arch::IstStackBounds(arch::IstSlot::kDoubleFault);
  arch::StackBounds nmi = arch::IstStackBounds(arch::IstSlot::kNmi);
  arch::StackBounds mc = arch::IstStackBounds(arch::IstSlot::kMachineCheck);
  KTEST_EXPECT(df.high > df.low && nmi.high > nmi.low && mc.high > mc.low);
  KTEST_EXPECT(df.high <= nmi.low || nmi.high <= df.low);
  KTEST_EXPECT(nmi.high <= mc.low || mc.high <= nmi.low);
}

}  // namespace
}  // namespace raeen::kernel
