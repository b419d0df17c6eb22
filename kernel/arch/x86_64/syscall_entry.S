// The `syscall` entry point [Intel SDM vol. 2B, SYSCALL; vol. 3A, 5.8.8], and the first entry
// of a new user thread into ring 3. user_entry.h explains the design.

#include "kernel/arch/x86_64/interrupt_frame.inc"

#define USER_DATA_SELECTOR_RPL3 0x23
#define USER_CODE_SELECTOR_RPL3 0x2b
#define SYSCALL_VECTOR 0x100
#define PER_CPU_KERNEL_RSP 8
#define PER_CPU_USER_RSP 16
// IF set, everything else clear but the always-one bit 1.
#define USER_RFLAGS 0x202

    .section .text

    .p2align 4
    .global raeen_syscall_entry
    .type raeen_syscall_entry, @function
raeen_syscall_entry:
    // IA32_FMASK cleared IF, TF, DF and AC: nothing interrupts this, and SMAP is on.
    swapgs
    movq %rsp, %gs:PER_CPU_USER_RSP
    movq %gs:PER_CPU_KERNEL_RSP, %rsp
    // The same frame an interrupt from ring 3 leaves, so a user thread's kernel stack always
    // starts with one InterruptFrame whatever brought it in.
    pushq $USER_DATA_SELECTOR_RPL3
    pushq %gs:PER_CPU_USER_RSP
    pushq %r11                      // rflags
    pushq $USER_CODE_SELECTOR_RPL3
    pushq %rcx                      // rip
    pushq $0                        // error code
    pushq $SYSCALL_VECTOR
    PUSH_FRAME_REGISTERS
    xorl %ebp, %ebp                 // backtraces end at the user boundary
    sti
    movq %rsp, %rdi
    call HandleSyscall
    cli
    // sysretq returns only to a canonical lower-half rip with the selectors syscall set: a
    // non-canonical rcx would fault in ring 0 on the user's stack [SDM vol. 2B, SYSRET]. A
    // frame the kernel changed otherwise takes the general iretq path.
    movq FRAME_RIP(%rsp), %rcx
    shrq $47, %rcx
    jnz 1f
    cmpq $USER_CODE_SELECTOR_RPL3, FRAME_CS(%rsp)
    jne 1f
    cmpq $USER_DATA_SELECTOR_RPL3, FRAME_SS(%rsp)
    jne 1f
    POP_FRAME_REGISTERS
    movq 16(%rsp), %rcx             // rip (past vector and error code)
    movq 32(%rsp), %r11             // rflags
    movq 40(%rsp), %rsp             // the user's stack: only NMIs (on IST stacks) from here
    swapgs
    sysretq
1:
    swapgs
    jmp raeen_restore_frame_and_iret
    .size raeen_syscall_entry, . - raeen_syscall_entry

// [[noreturn]] void raeen_enter_user_mode(uint64_t rip, uint64_t rsp, uint64_t arg0,
//                                         uint64_t arg1, uint64_t arg2)
// A new user thread's way into ring 3, from its kernel entry function: whatever is on the
// kernel stack now is abandoned (the next entry from ring 3 starts at the stack's top again).
    .p2align 4
    .global raeen_enter_user_mode
    .type raeen_enter_user_mode, @function
raeen_enter_user_mode:
    cli
    pushq $USER_DATA_SELECTOR_RPL3
    pushq %rsi
    pushq $USER_RFLAGS
    pushq $USER_CODE_SELECTOR_RPL3
    pushq %rdi
    movq %rdx, %rdi
    movq %rcx, %rsi
    movq %r8, %rdx
    CLEAR_REGISTERS_BUT_ARGUMENTS
    // User GS base from here on. iretq to ring 3 also clears DS and ES (they hold DPL-0
    // selectors) [SDM vol. 2A, IRET].
    swapgs
    iretq
    .size raeen_enter_user_mode, . - raeen_enter_user_mode
