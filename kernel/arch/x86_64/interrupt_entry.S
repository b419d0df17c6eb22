// Entry points for the 32 CPU exceptions [Intel SDM vol. 3A, 6.3.1, table 6-1]. Each one
// makes the stack look the same (vector and error code pushed, 0 when the CPU pushes none)
// and jumps to interrupt_common, which saves the general registers into an
// arch::InterruptFrame (kernel/arch/x86_64/interrupt_frame.h) and calls HandleInterrupt.

    .section .text

.macro ENTRY_NO_ERROR vector
    .p2align 4
raeen_isr_\vector:
    pushq $0
    pushq $\vector
    jmp interrupt_common
.endm

.macro ENTRY_WITH_ERROR vector
    .p2align 4
raeen_isr_\vector:
    pushq $\vector
    jmp interrupt_common
.endm

ENTRY_NO_ERROR 0
ENTRY_NO_ERROR 1
ENTRY_NO_ERROR 2
ENTRY_NO_ERROR 3
ENTRY_NO_ERROR 4
ENTRY_NO_ERROR 5
ENTRY_NO_ERROR 6
ENTRY_NO_ERROR 7
ENTRY_WITH_ERROR 8
ENTRY_NO_ERROR 9
ENTRY_WITH_ERROR 10
ENTRY_WITH_ERROR 11
ENTRY_WITH_ERROR 12
ENTRY_WITH_ERROR 13
ENTRY_WITH_ERROR 14
ENTRY_NO_ERROR 15
ENTRY_NO_ERROR 16
ENTRY_WITH_ERROR 17
ENTRY_NO_ERROR 18
ENTRY_NO_ERROR 19
ENTRY_NO_ERROR 20
ENTRY_WITH_ERROR 21
ENTRY_NO_ERROR 22
ENTRY_NO_ERROR 23
ENTRY_NO_ERROR 24
ENTRY_NO_ERROR 25
ENTRY_NO_ERROR 26
ENTRY_NO_ERROR 27
ENTRY_NO_ERROR 28
ENTRY_WITH_ERROR 29
ENTRY_WITH_ERROR 30
ENTRY_NO_ERROR 31

    .p2align 4
    .type interrupt_common, @function
interrupt_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    // The CPU aligned rsp to 16 before pushing its 5-word frame; with the 2 words pushed above
    // and the 15 registers the total is 22 words, so rsp is 16-byte aligned again here.
    movq %rsp, %rdi
    call HandleInterrupt
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp          // vector and error code
    iretq
    .size interrupt_common, . - interrupt_common

// The entry points, indexed by vector, for InitIdt. Relocated by the loader like every
// other absolute address in the kernel, hence .data.rel.ro: the linker allows relocations
// there, and kernel.ld still places it in the read-only segment.
    .section .data.rel.ro, "aw"
    .p2align 3
    .global raeen_exception_entries
raeen_exception_entries:
.irp vector, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad raeen_isr_\vector
.endr
