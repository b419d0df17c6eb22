#include "kernel/arch/x86_64/user_entry.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/mm/kernel_address_space.h"
#include "libs/rstd/status.h"

extern "C" void raeen_syscall_entry();
extern "C" [[noreturn]] void raeen_enter_user_mode(uint64_t rip, uint64_t rsp, uint64_t arg0,
                                                   uint64_t arg1, uint64_t arg2);

namespace raeen::kernel::arch {
namespace {

// [Intel SDM vol. 4, table 2-2]
constexpr uint32_t kMsrStar = 0xc0000081;
constexpr uint32_t kMsrLstar = 0xc0000082;
constexpr uint32_t kMsrFmask = 0xc0000084;
constexpr uint32_t kMsrKernelGsBase = 0xc0000102;
constexpr uint32_t kMsrFsBase = 0xc0000100;
constexpr uint64_t kEferSce = 1ull << 0;

// RFLAGS bits `syscall` clears: TF, IF, DF, IOPL, NT, AC. With IF clear nothing interrupts the
// entry before it is on the kernel stack; AC clear means SMAP is on in the kernel.
constexpr uint64_t kSyscallFlagMask = (1u << 8) | (1u << 9) | (1u << 10) | (3u << 12) |
                                      (1u << 14) | (1u << 18);

SyscallHandler syscall_handler = nullptr;
UserExceptionHandler user_exception_handler = nullptr;
ReturnToUserHook return_to_user_hook = nullptr;

}  // namespace

void InitSyscallsOnThisCpu() {
  // syscall loads CS = STAR[47:32] and SS = that + 8; sysretq loads CS = STAR[63:48] + 16 and
  // SS = STAR[63:48] + 8, with RPL 3 [SDM vol. 2B, SYSCALL and SYSRET]. gdt.h lays the
  // selectors out for exactly this.
  const uint64_t star = (uint64_t{kUserCompatCodeSelector | 3} << 48) |
                        (uint64_t{kKernelCodeSelector} << 32);
  WriteMsr(kMsrStar, star);
  WriteMsr(kMsrLstar, reinterpret_cast<uint64_t>(&raeen_syscall_entry));
  WriteMsr(kMsrFmask, kSyscallFlagMask);
  WriteMsr(kMsrKernelGsBase, 0);
  WriteMsr(kMsrEfer, ReadMsr(kMsrEfer) | kEferSce);
}

void SetSyscallHandler(SyscallHandler handler) {
  __atomic_store_n(&syscall_handler, handler, __ATOMIC_RELEASE);
}

void SetUserExceptionHandler(UserExceptionHandler handler) {
  __atomic_store_n(&user_exception_handler, handler, __ATOMIC_RELEASE);
}

bool HandleUserException(InterruptFrame& frame) {
  UserExceptionHandler handler = __atomic_load_n(&user_exception_handler, __ATOMIC_ACQUIRE);
  if (handler == nullptr) return false;
  handler(frame);
  return true;
}

void SetReturnToUserHook(ReturnToUserHook hook) {
  __atomic_store_n(&return_to_user_hook, hook, __ATOMIC_RELEASE);
}

void RunReturnToUserHook(InterruptFrame& frame) {
  if (auto hook = __atomic_load_n(&return_to_user_hook, __ATOMIC_ACQUIRE)) hook(frame);
}

void EnterUserMode(uint64_t rip, uint64_t rsp, uint64_t arg0, uint64_t arg1, uint64_t arg2) {
  raeen_enter_user_mode(rip, rsp, arg0, arg1, arg2);
}

void SwitchThreadContext(uint64_t next_stack_top, PageTableRoot* next_tables,
                         const IoPermissions* next_io) {
  PerCpu* cpu = CurrentCpu();
  cpu->syscall_kernel_rsp = next_stack_top;
  SetKernelStack(*cpu->tss, next_stack_top);
  ApplyIoPermissions(next_io);
  PageTableRoot* previous = cpu->page_tables;
  if (previous == next_tables) return;
  // Join the new tables' CPU set before loading them and leave the old set only after: a
  // shootdown that changes either address space meanwhile reaches this CPU (docs/smp.md).
  const CpuMask self = CpuBit(cpu->index);
  if (next_tables != nullptr) __atomic_fetch_or(&next_tables->active_cpus, self, __ATOMIC_SEQ_CST);
  const uint64_t cr3 = next_tables != nullptr ? next_tables->cr3 : KernelAddressSpace().root();
  asm volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
  cpu->page_tables = next_tables;
  if (previous != nullptr) __atomic_fetch_and(&previous->active_cpus, ~self, __ATOMIC_SEQ_CST);
}

void SaveUserBases(UserBases& bases) {
  bases.fs = ReadMsr(kMsrFsBase);
  bases.gs = ReadMsr(kMsrKernelGsBase);
}

void LoadUserBases(const UserBases& bases) {
  WriteMsr(kMsrFsBase, bases.fs);
  WriteMsr(kMsrKernelGsBase, bases.gs);
}


}  // namespace raeen::kernel::arch

extern "C" void HandleSyscall(raeen::kernel::arch::InterruptFrame* frame) {
  using namespace raeen::kernel::arch;
  SyscallHandler handler = __atomic_load_n(&syscall_handler, __ATOMIC_ACQUIRE);
  if (handler != nullptr) {
    handler(*frame);
  } else {
    frame->rax = static_cast<uint64_t>(raeen::Status::kUnsupported);
  }
  RunReturnToUserHook(*frame);
}
