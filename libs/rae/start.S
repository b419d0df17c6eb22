// _start: where the kernel starts a program's first thread (kernel/process/program_loader.h),
// with rsp 16-byte aligned at the stack top and the bootstrap values in rdi, rsi and rdx.

    .section .text.entry, "ax"
    .global _start
    .type _start, @function
_start:
    xorl %ebp, %ebp                 // backtraces end here
    call RaeStart                   // (rdi, rsi, rdx) pass straight through; never returns
    ud2
    .size _start, . - _start
