// The ring-3 trampoline of the in-kernel tests (user_mode_test.h explains the design) and the
// small programs they run in ring 3.

#include "kernel/arch/x86_64/interrupt_frame.inc"

#define KERNEL_DATA_SELECTOR 0x10
#define USER_DATA_SELECTOR_RPL3 0x23
#define USER_CODE_SELECTOR_RPL3 0x2b
// Bit 1 is reserved and always set; IF = 0 (no interrupts in ring 3), AC = 0, IOPL = 0.
#define USER_RFLAGS 0x2

// UserModeJump, the saved kernel state (user_mode_test.cc).
#define JUMP_RBX 0
#define JUMP_RBP 8
#define JUMP_R12 16
#define JUMP_R13 24
#define JUMP_R14 32
#define JUMP_R15 40
#define JUMP_RSP 48
#define JUMP_RFLAGS 56

    .section .text

// void raeen_user_mode_enter(UserModeJump* jump, uint64_t rip, uint64_t rsp, uint64_t argument)
// "Returns" through raeen_user_mode_resume, after the ring-3 code's first exception.
    .p2align 4
    .global raeen_user_mode_enter
    .type raeen_user_mode_enter, @function
raeen_user_mode_enter:
    movq %rbx, JUMP_RBX(%rdi)
    movq %rbp, JUMP_RBP(%rdi)
    movq %r12, JUMP_R12(%rdi)
    movq %r13, JUMP_R13(%rdi)
    movq %r14, JUMP_R14(%rdi)
    movq %r15, JUMP_R15(%rdi)
    movq %rsp, JUMP_RSP(%rdi)      // points at our return address
    pushfq
    popq JUMP_RFLAGS(%rdi)
    // The frame iretq pops [Intel SDM vol. 3A, 6.14.3]: ss, rsp, rflags, cs, rip.
    pushq $USER_DATA_SELECTOR_RPL3
    pushq %rdx
    pushq $USER_RFLAGS
    pushq $USER_CODE_SELECTOR_RPL3
    pushq %rsi
    // Nothing of the kernel's reaches ring 3 in a register.
    movq %rcx, %rdi
    CLEAR_REGISTERS_BUT_ARGUMENTS
    xorl %edx, %edx
    xorl %esi, %esi
    // DS and ES hold the DPL-0 kernel data selector: iretq to ring 3 loads them with null
    // [Intel SDM vol. 2A, IRET], and raeen_user_mode_resume restores them. The exception that
    // comes back swaps GS again (per_cpu.h).
    swapgs
    iretq
    .size raeen_user_mode_enter, . - raeen_user_mode_enter

// [[noreturn]] void raeen_user_mode_resume(const UserModeJump* jump)
// Called from the exception handler, on the RSP0 stack: back into raeen_user_mode_enter's
// caller as if that call had returned.
    .p2align 4
    .global raeen_user_mode_resume
    .type raeen_user_mode_resume, @function
raeen_user_mode_resume:
    // An exception from ring 3 leaves SS null [Intel SDM vol. 3A, 6.14.2]; the kernel's
    // selectors go back so the test continues exactly as it left.
    movl $KERNEL_DATA_SELECTOR, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movq JUMP_RBX(%rdi), %rbx
    movq JUMP_RBP(%rdi), %rbp
    movq JUMP_R12(%rdi), %r12
    movq JUMP_R13(%rdi), %r13
    movq JUMP_R14(%rdi), %r14
    movq JUMP_R15(%rdi), %r15
    movq JUMP_RSP(%rdi), %rsp
    pushq JUMP_RFLAGS(%rdi)
    popfq
    ret
    .size raeen_user_mode_resume, . - raeen_user_mode_resume

// The ring-3 programs: position-independent bytes that user_mode_test.cc copies into a user
// page. They are data to the kernel (read-only, never executed at this address).
.macro USER_PROGRAM name
    .global raeen_user_program_\name
    .global raeen_user_program_\name\()_ud2
    .global raeen_user_program_\name\()_end
.endm

    .section .rodata.raeen_user_programs, "a"

    USER_PROGRAM round_trip
raeen_user_program_round_trip:
    movl $0x5261656e, %eax          // "Raen"
    pushq %rax                      // the user stack page is writable
    popq %rcx
    movl %cs, %edx                  // the selector, RPL = CPL 3
raeen_user_program_round_trip_ud2:
    ud2
raeen_user_program_round_trip_end:

    USER_PROGRAM read_byte
raeen_user_program_read_byte:
    movb (%rdi), %al
raeen_user_program_read_byte_ud2:
    ud2
raeen_user_program_read_byte_end:

// Under UMIP each of these faults with #GP(0) at its first instruction [Intel SDM vol. 3A,
// 2.5, CR4.UMIP]; without it the store succeeds and the program reaches ud2.
    USER_PROGRAM sgdt
raeen_user_program_sgdt:
    sgdt -16(%rsp)
    movq -14(%rsp), %rax            // the GDT's linear address: a kernel address
raeen_user_program_sgdt_ud2:
    ud2
raeen_user_program_sgdt_end:

    USER_PROGRAM sidt
raeen_user_program_sidt:
    sidt -16(%rsp)
    movq -14(%rsp), %rax
raeen_user_program_sidt_ud2:
    ud2
raeen_user_program_sidt_end:

    USER_PROGRAM sldt
raeen_user_program_sldt:
    sldt %eax
raeen_user_program_sldt_ud2:
    ud2
raeen_user_program_sldt_end:

    USER_PROGRAM smsw
raeen_user_program_smsw:
    smsw %eax
raeen_user_program_smsw_ud2:
    ud2
raeen_user_program_smsw_end:

    USER_PROGRAM str
raeen_user_program_str:
    str %eax
raeen_user_program_str_ud2:
    ud2
raeen_user_program_str_end:
