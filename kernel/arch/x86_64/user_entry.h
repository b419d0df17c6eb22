#pragma once
// Ring 3: how user threads enter it and how they come back.
//
// Entries from ring 3 (docs/user-mode.md):
//   - `syscall` lands in raeen_syscall_entry (syscall_entry.S), which swaps to the kernel GS
//     base, switches to the running thread's kernel stack (PerCpu::syscall_kernel_rsp), builds
//     the same InterruptFrame an interrupt from ring 3 would, enables interrupts and calls the
//     syscall handler. It returns with sysretq, or with iretq when the frame is not one that
//     sysretq can return to (a non-canonical rip).
//   - interrupts and exceptions from ring 3 switch to TSS.RSP0, the same stack top, and swap
//     GS in interrupt_entry.S.
// So every user thread's kernel stack starts with exactly one InterruptFrame at its top while
// it is in the kernel, and the scheduler keeps TSS.RSP0 and syscall_kernel_rsp pointing at the
// running thread's stack (SwitchThreadContext).
//
// Register ABI of a syscall: the number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; the
// result (a Status) in rax. rcx and r11 are clobbered by the instruction itself; every other
// register comes back as it went in.

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/arch/x86_64/io_permissions.h"
#include "kernel/arch/x86_64/ipi.h"

namespace raeen::kernel::arch {

// InterruptFrame::vector of a frame built by the syscall entry (never a real vector).
inline constexpr uint64_t kSyscallVector = 0x100;

// Sets this CPU up for `syscall`: IA32_STAR, LSTAR, FMASK, EFER.SCE, and a zero user GS base
// in IA32_KERNEL_GS_BASE. Every CPU, once, after its GDT and per-CPU data.
void InitSyscallsOnThisCpu();

// The syscall handler: reads the number and arguments from the frame and stores the result in
// frame.rax. Runs with interrupts enabled, on the calling thread's kernel stack. May not return
// (the thread exits).
using SyscallHandler = void (*)(InterruptFrame& frame);
void SetSyscallHandler(SyscallHandler handler);

// What an exception from ring 3 (or a forced kill) does with the thread: never returns to the
// faulting code. Set by the process layer; without one, a user exception panics.
using UserExceptionHandler = void (*)(InterruptFrame& frame);
void SetUserExceptionHandler(UserExceptionHandler handler);
// Runs the handler for an exception frame from ring 3; false if none is set.
bool HandleUserException(InterruptFrame& frame);

// Called with every frame about to return to ring 3 after an interrupt or syscall (with
// interrupts enabled, on the thread's kernel stack): the process layer ends threads of a
// killed process here.
using ReturnToUserHook = void (*)(InterruptFrame& frame);
void SetReturnToUserHook(ReturnToUserHook hook);
void RunReturnToUserHook(InterruptFrame& frame);

// Enters ring 3 at `rip` with `rsp`, rdi = arg0, rsi = arg1, rdx = arg2, interrupts enabled and
// every other register zero. The caller's kernel stack is abandoned.
[[noreturn]] void EnterUserMode(uint64_t rip, uint64_t rsp, uint64_t arg0, uint64_t arg1,
                               uint64_t arg2);

// A user address space as the CPU sees it: its PML4 and the CPUs that may hold translations
// of it (those that have it in CR3, plus perhaps some that are just leaving it).
struct PageTableRoot {
  uint64_t cr3;
  CpuMask active_cpus;  // atomic
};

// Makes this CPU run `next_stack_top` (TSS.RSP0 and the syscall stack), `next_tables`
// (nullptr: the kernel's own tables) and `next_io` (the I/O ports ring 3 may use; nullptr:
// none). The scheduler calls it with interrupts disabled right before it switches to a thread.
void SwitchThreadContext(uint64_t next_stack_top, PageTableRoot* next_tables,
                         const IoPermissions* next_io);

// A user thread's FS and GS bases, which user space may change at will (wrfsbase, wrgsbase:
// CR4.FSGSBASE is on). While the kernel runs, FS_BASE still holds the user's value and the
// user's GS base waits in IA32_KERNEL_GS_BASE, so both are saved and loaded per thread at every
// switch between threads that run in ring 3.
struct UserBases {
  uint64_t fs = 0;
  uint64_t gs = 0;
};
void SaveUserBases(UserBases& bases);
void LoadUserBases(const UserBases& bases);


}  // namespace raeen::kernel::arch
