// Entry stubs for the 32 CPU exceptions [Intel SDM vol. 3A, 6.3.1, table 6-1]. Each stub
// makes the stack look the same (vector and error code pushed, 0 when the CPU pushes none)
// and jumps to interrupt_common, which saves the general registers into an
// arch::InterruptFrame (kernel/arch/x86_64/interrupt_frame.h) and calls HandleInterrupt.

    .section .text

.macro STUB_NO_ERROR vector
    .p2align 4
raeen_isr_\vector:
    pushq $0
    pushq $\vector
    jmp interrupt_common
.endm

.macro STUB_WITH_ERROR vector
    .p2align 4
raeen_isr_\vector:
    pushq $\vector
    jmp interrupt_common
.endm

STUB_NO_ERROR 0
STUB_NO_ERROR 1
STUB_NO_ERROR 2
STUB_NO_ERROR 3
STUB_NO_ERROR 4
STUB_NO_ERROR 5
STUB_NO_ERROR 6
STUB_NO_ERROR 7
STUB_WITH_ERROR 8
STUB_NO_ERROR 9
STUB_WITH_ERROR 10
STUB_WITH_ERROR 11
STUB_WITH_ERROR 12
STUB_WITH_ERROR 13
STUB_WITH_ERROR 14
STUB_NO_ERROR 15
STUB_NO_ERROR 16
STUB_WITH_ERROR 17
STUB_NO_ERROR 18
STUB_NO_ERROR 19
STUB_NO_ERROR 20
STUB_WITH_ERROR 21
STUB_NO_ERROR 22
STUB_NO_ERROR 23
STUB_NO_ERROR 24
STUB_NO_ERROR 25
STUB_NO_ERROR 26
STUB_NO_ERROR 27
STUB_NO_ERROR 28
STUB_WITH_ERROR 29
STUB_WITH_ERROR 30
STUB_NO_ERROR 31

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
    // The CPU aligned rsp to 16 before pushing its 5-word frame; with the 2 words of the stub
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

// The stubs' addresses, indexed by vector, for InitIdt. Relocated by the loader like every
// other absolute address in the kernel, hence .data.rel.ro: the linker allows relocations
// there, and kernel.ld still places it in the read-only segment.
    .section .data.rel.ro, "aw"
    .p2align 3
    .global raeen_exception_stubs
raeen_exception_stubs:
.irp vector, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad raeen_isr_\vector
.endr
