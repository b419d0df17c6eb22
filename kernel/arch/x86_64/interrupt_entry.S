// Entry points for all 256 vectors: the 32 CPU exceptions [Intel SDM vol. 3A, 6.3.1, table
// 6-1] and the 224 external ones (interrupt_vectors.h). Each one makes the stack look the
// same (vector and error code pushed, 0 when the CPU pushes none, as for every external
// interrupt) and jumps to interrupt_common, which saves the general registers into an
// arch::InterruptFrame (kernel/arch/x86_64/interrupt_frame.h) and calls HandleInterrupt.

#include "kernel/arch/x86_64/interrupt_frame.inc"

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

// Vectors 32..255: external interrupts, which never push an error code.
.irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
ENTRY_NO_ERROR \vector
.endr
.irp vector, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
ENTRY_NO_ERROR \vector
.endr
.irp vector, 64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79
ENTRY_NO_ERROR \vector
.endr
.irp vector, 80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95
ENTRY_NO_ERROR \vector
.endr
.irp vector, 96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111
ENTRY_NO_ERROR \vector
.endr
.irp vector, 112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127
ENTRY_NO_ERROR \vector
.endr
.irp vector, 128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143
ENTRY_NO_ERROR \vector
.endr
.irp vector, 144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159
ENTRY_NO_ERROR \vector
.endr
.irp vector, 160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175
ENTRY_NO_ERROR \vector
.endr
.irp vector, 176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191
ENTRY_NO_ERROR \vector
.endr
.irp vector, 192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207
ENTRY_NO_ERROR \vector
.endr
.irp vector, 208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223
ENTRY_NO_ERROR \vector
.endr
.irp vector, 224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239
ENTRY_NO_ERROR \vector
.endr
.irp vector, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
ENTRY_NO_ERROR \vector
.endr

#define MSR_GS_BASE 0xc0000101

    .p2align 4
    .type interrupt_common, @function
interrupt_common:
    // Interrupt delivery keeps RFLAGS.AC: an interrupt that arrives inside a user copy's
    // stac/clac window would run its handler with SMAP off. Close the window; iretq restores
    // the interrupted code's AC from the saved RFLAGS.
    cmpb $0, raeen_smap_enabled(%rip)
    je 1f
    clac
1:
    PUSH_FRAME_REGISTERS
    cld
    // The vectors on IST stacks (NMI, double fault, machine check) may interrupt the kernel
    // with either GS base live (per_cpu.h), so they load the kernel's explicitly.
    movq FRAME_VECTOR(%rsp), %rax
    cmpq $2, %rax
    je interrupt_common_ist
    cmpq $8, %rax
    je interrupt_common_ist
    cmpq $18, %rax
    je interrupt_common_ist
    // Everything else knows from the interrupted mode: from ring 3, user GS is live.
    testb $3, FRAME_CS(%rsp)
    jz 2f
    swapgs
2:
    // The CPU aligned rsp to 16 before pushing its 5-word frame; with the 2 words pushed above
    // and the 15 registers the total is 22 words, so rsp is 16-byte aligned again here.
    movq %rsp, %rdi
    call HandleInterrupt
    testb $3, FRAME_CS(%rsp)
    jz interrupt_return
    cli
    swapgs
// Pops an InterruptFrame and returns through it, with the GS base already right for the
// mode it returns to (syscall_entry.S jumps here too).
    .global raeen_restore_frame_and_iret
raeen_restore_frame_and_iret:
interrupt_return:
    POP_FRAME_REGISTERS
    addq $16, %rsp          // vector and error code
    iretq

interrupt_common_ist:
    // rbx (callee-saved, so it survives the call) keeps the interrupted GS base.
    movl $MSR_GS_BASE, %ecx
    rdmsr
    shlq $32, %rdx
    movl %eax, %ebx
    orq %rdx, %rbx
    // The owner slot right above the frame (gdt.h, kIstOwnerSlotBytes); empty only before
    // per-CPU data exists, when there is nothing to load.
    movq FRAME_SIZE(%rsp), %rax
    testq %rax, %rax
    jz 3f
    movq %rax, %rdx
    shrq $32, %rdx
    wrmsr
3:
    movq %rsp, %rdi
    call HandleInterrupt
    movl $MSR_GS_BASE, %ecx
    movl %ebx, %eax
    movq %rbx, %rdx
    shrq $32, %rdx
    wrmsr
    jmp interrupt_return
    .size interrupt_common, . - interrupt_common

// The entry points, indexed by vector, for InitIdt. Relocated by the loader like every
// other absolute address in the kernel, hence .data.rel.ro: the linker allows relocations
// there, and kernel.ld still places it in the read-only segment.
    .section .data.rel.ro, "aw"
    .p2align 3
    .global raeen_interrupt_entries
raeen_interrupt_entries:
.irp vector, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad raeen_isr_\vector
.endr
.irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .quad raeen_isr_\vector
.endr
.irp vector, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    .quad raeen_isr_\vector
.endr
.irp vector, 64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79
    .quad raeen_isr_\vector
.endr
.irp vector, 80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95
    .quad raeen_isr_\vector
.endr
.irp vector, 96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111
    .quad raeen_isr_\vector
.endr
.irp vector, 112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127
    .quad raeen_isr_\vector
.endr
.irp vector, 128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143
    .quad raeen_isr_\vector
.endr
.irp vector, 144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159
    .quad raeen_isr_\vector
.endr
.irp vector, 160,161,162,163,164,165,166,167,168,169,170,171,172,173,174,175
    .quad raeen_isr_\vector
.endr
.irp vector, 176,177,178,179,180,181,182,183,184,185,186,187,188,189,190,191
    .quad raeen_isr_\vector
.endr
.irp vector, 192,193,194,195,196,197,198,199,200,201,202,203,204,205,206,207
    .quad raeen_isr_\vector
.endr
.irp vector, 208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223
    .quad raeen_isr_\vector
.endr
.irp vector, 224,225,226,227,228,229,230,231,232,233,234,235,236,237,238,239
    .quad raeen_isr_\vector
.endr
.irp vector, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
    .quad raeen_isr_\vector
.endr
