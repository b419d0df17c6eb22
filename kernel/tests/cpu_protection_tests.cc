// In-kernel tests of the CPU protections between ring 0 and ring 3: the ring-3 trampoline
// itself, UMIP (ring 3 cannot read descriptor-table addresses), and, as KTEST_MANUAL tests that
// end the boot with a panic report, SMAP and SMEP. On a CPU without a protection each test
// says so in the log and passes: the cpu.smap, cpu.smep and cpu.umip system scenarios check
// both the report on -cpu max and the "OFF" line on -cpu qemu64.

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/exception_info.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/protection.h"
#include "kernel/arch/x86_64/user_access.h"
#include "kernel/arch/x86_64/user_mode_test.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/thread/scheduler.h"

namespace raeen::kernel {

// Not static and not inlined, so the panic reports name them.
[[gnu::noinline]] uint8_t ReadUserPageWithoutStac(uint64_t user_address) {
  return *reinterpret_cast<const volatile uint8_t*>(user_address);
}

// No tail call: the report's "called from" line must name this function.
[[gnu::noinline, clang::disable_tail_calls]] void ExecuteUserPageFromKernel(uint64_t user_address) {
  reinterpret_cast<void (*)()>(user_address)();
}

namespace {

using arch::GetUserProgram;
using arch::kUserTestCodeAddress;
using arch::kUserTestDataAddress;
using arch::kUserTestStackAddress;
using arch::RunInUserMode;
using arch::UserModeExit;
using arch::UserProgram;
using arch::UserProgramId;
using arch::UserTestPage;

constexpr uint64_t kVectorInvalidOpcode = 6;
constexpr uint64_t kVectorGeneralProtection = 13;
constexpr uint64_t kUserCs = arch::kUserCodeSelector | 3;

struct DescriptorTableRegister {
  uint16_t limit;
  uint64_t base;
} __attribute__((packed));

// The exception and where it hit, decoded, for the log and the system scenarios.
void LogUserException(rstd::StringView what, const UserModeExit& exit) {
  char text[160];
  rstd::BufferWriter out(text, sizeof(text));
  rstd::Format(out, "{} error={:#x}", arch::ExceptionName(exit.vector), exit.error_code);
  if (exit.vector == arch::kVectorPageFault) {
    out.Write(" (");
    arch::WritePageFaultError(out, exit.error_code);
    rstd::Format(out, ") cr2={:#x}", exit.cr2);
  } else if (arch::HasSelectorErrorCode(exit.vector)) {
    out.Write(" (");
    arch::WriteSelectorError(out, exit.error_code);
    out.Write(")");
  }
  LogInfo("cpu_protection: ring-3 {}: {} at {:#x} cs={:#x}", what, out.view(), exit.rip, exit.cs);
}

KTEST(cpu_protection, ring3_round_trip) {
  const UserProgram program = GetUserProgram(UserProgramId::kRoundTrip);
  PreemptGuard stay_on_this_cpu;  // TSS.RSP0 is this CPU's
  const arch::TaskStateSegment& tss = *arch::CurrentCpu()->tss;
  const uint64_t rsp0 = arch::KernelStack(tss);
  Result<UserModeExit> exit = RunInUserMode(program.code, 0);
  KTEST_EXPECT(exit.ok());
  if (!exit.ok()) return;
  LogUserException("round trip", *exit);
  KTEST_EXPECT(exit->vector == kVectorInvalidOpcode);
  KTEST_EXPECT(exit->cs == kUserCs);
  KTEST_EXPECT(exit->rip == kUserTestCodeAddress + program.ud2_offset);
  KTEST_EXPECT(exit->rax == 0x5261656e && exit->rcx == 0x5261656e);
  KTEST_EXPECT(exit->rdx == kUserCs);  // cs as ring 3 read it
  KTEST_EXPECT(exit->rsp == kUserTestStackAddress + kPageSize4K);
  KTEST_EXPECT((exit->rflags & (1u << 9)) == 0);  // IF stayed clear in ring 3

  // Back in ring 0 as before: the kernel's selectors, TSS.RSP0, and no user pages left.
  uint16_t cs = 0;
  uint16_t ss = 0;
  uint16_t ds = 0;
  asm volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2" : "=r"(cs), "=r"(ss), "=r"(ds));
  KTEST_EXPECT(cs == arch::kKernelCodeSelector);
  KTEST_EXPECT(ss == arch::kKernelDataSelector);
  KTEST_EXPECT(ds == arch::kKernelDataSelector);
  KTEST_EXPECT(arch::KernelStack(tss) == rsp0);
  // The GS bases are back the right way round: the kernel's live, user space's (0) waiting.
  KTEST_EXPECT(arch::CurrentCpu()->self == arch::CurrentCpu());
  KTEST_EXPECT(arch::ReadMsr(0xc0000102) == 0);
  KTEST_EXPECT(KernelAddressSpace().Translate(kUserTestCodeAddress).status() == Status::kNotFound);
  KTEST_EXPECT(KernelAddressSpace().Translate(kUserTestStackAddress).status() == Status::kNotFound);

  // And again: the trampoline leaves nothing behind that a second trip trips over.
  Result<UserModeExit> again = RunInUserMode(program.code, 0);
  KTEST_EXPECT(again.ok() && again->vector == kVectorInvalidOpcode && again->cs == kUserCs);
}

KTEST(cpu_protection, ring3_cannot_read_kernel_memory) {
  static volatile uint8_t kernel_byte = 0x5a;
  const UserProgram program = GetUserProgram(UserProgramId::kReadByte);
  const uint64_t kernel_address = reinterpret_cast<uint64_t>(&kernel_byte);
  Result<UserModeExit> exit = RunInUserMode(program.code, kernel_address);
  KTEST_EXPECT(exit.ok());
  if (!exit.ok()) return;
  LogUserException("read of kernel memory", *exit);
  // A present supervisor page: protection violation, read, user mode, data access.
  KTEST_EXPECT(exit->vector == arch::kVectorPageFault);
  KTEST_EXPECT(exit->error_code == (arch::kPageFaultPresent | arch::kPageFaultUser));
  KTEST_EXPECT(exit->cr2 == kernel_address);
  KTEST_EXPECT(exit->rip == kUserTestCodeAddress);
  KTEST_EXPECT(exit->cs == kUserCs);

  // An unmapped user address: not present.
  Result<UserModeExit> unmapped = RunInUserMode(program.code, kUserTestDataAddress);
  KTEST_EXPECT(unmapped.ok() && unmapped->vector == arch::kVectorPageFault &&
               unmapped->error_code == arch::kPageFaultUser &&
               unmapped->cr2 == kUserTestDataAddress);

  // A mapped user page: the read succeeds and the program reaches its ud2.
  Result<UserTestPage> page =
      UserTestPage::Create(kUserTestDataAddress, Protection{.writable = true, .user = true});
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  page->kernel_alias()[0] = 0x77;
  Result<UserModeExit> mapped = RunInUserMode(program.code, kUserTestDataAddress);
  KTEST_EXPECT(mapped.ok() && mapped->vector == kVectorInvalidOpcode &&
               (mapped->rax & 0xff) == 0x77);
}

// UMIP: sgdt, sidt, sldt, smsw and str from ring 3 fault with #GP(0) [Intel SDM vol. 3A, 2.5].
// Without it they run, and sgdt/sidt hand ring 3 the kernel addresses of the GDT and IDT.
KTEST(cpu_protection, umip_blocks_descriptor_table_reads) {
  const bool umip = arch::CurrentProtections().umip;
  DescriptorTableRegister gdtr{};
  DescriptorTableRegister idtr{};
  asm volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
  struct Case {
    const char* name;
    UserProgramId id;
    uint64_t leaked;  // what rax must hold without UMIP; 0: not checked
  };
  const Case cases[] = {
      {"sgdt", UserProgramId::kSgdt, gdtr.base}, {"sidt", UserProgramId::kSidt, idtr.base},
      {"sldt", UserProgramId::kSldt, 0},         {"smsw", UserProgramId::kSmsw, 0},
      {"str", UserProgramId::kStr, 0},
  };
  for (const Case& c : cases) {
    const UserProgram program = GetUserProgram(c.id);
    Result<UserModeExit> exit = RunInUserMode(program.code, 0);
    KTEST_EXPECT(exit.ok());
    if (!exit.ok()) return;
    KTEST_EXPECT(exit->cs == kUserCs);
    if (umip) {
      LogUserException(c.name, *exit);
      KTEST_EXPECT(exit->vector == kVectorGeneralProtection);
      KTEST_EXPECT(exit->error_code == 0);
      KTEST_EXPECT(exit->rip == kUserTestCodeAddress);
    } else {
      KTEST_EXPECT(exit->vector == kVectorInvalidOpcode);
      KTEST_EXPECT(exit->rip == kUserTestCodeAddress + program.ud2_offset);
      if (c.leaked != 0) KTEST_EXPECT(exit->rax == c.leaked);
      LogInfo("cpu_protection: UMIP OFF (the CPU lacks it): ring-3 {} ran and read {:#x}", c.name,
              exit->rax);
    }
  }
  if (umip) LogInfo("cpu_protection: UMIP on: every descriptor-table read from ring 3 faulted");
}

// SMAP: a kernel read of a user page outside the stac/clac window faults. Panics on purpose
// (the cpu.smap scenario checks the report); passes with a note on a CPU without SMAP.
KTEST_MANUAL(cpu_protection, smap_read_user_page) {
  Result<UserTestPage> page =
      UserTestPage::Create(kUserTestDataAddress, Protection{.writable = true, .user = true});
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  page->kernel_alias()[0] = 0x5a;
  const bool smap = arch::CurrentProtections().smap;
  LogInfo("cpu_protection: the kernel reads user page {:#x} without stac (SMAP {})",
          page->user_address(), smap ? "on" : "OFF");
  const uint8_t value = ReadUserPageWithoutStac(page->user_address());
  // Only reached when nothing stopped the read.
  KTEST_EXPECT(!smap);
  KTEST_EXPECT(value == 0x5a);
  LogInfo(
      "cpu_protection: SMAP OFF (the CPU lacks it): the kernel read user memory ({:#x}) "
      "without a fault",
      value);
}

// SMEP: the kernel cannot execute a user page, even one ring 3 may execute. Panics on purpose
// (the cpu.smep scenario checks the report); passes with a note on a CPU without SMEP.
KTEST_MANUAL(cpu_protection, smep_execute_user_page) {
  Result<UserTestPage> page =
      UserTestPage::Create(kUserTestCodeAddress, Protection{.executable = true, .user = true});
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  page->kernel_alias()[0] = 0xc3;  // ret
  const bool smep = arch::CurrentProtections().smep;
  LogInfo("cpu_protection: the kernel calls user page {:#x} (SMEP {})", page->user_address(),
          smep ? "on" : "OFF");
  ExecuteUserPageFromKernel(page->user_address());
  KTEST_EXPECT(!smep);
  LogInfo("cpu_protection: SMEP OFF (the CPU lacks it): the kernel ran code from a user page");
}

}  // namespace
}  // namespace raeen::kernel
