// Kernel entry from rae-boot (or the Multiboot2 shim). The loader guarantees:
//   - long mode, interrupts off, paging on with its initial tables (kernel, stack, direct map)
//   - rdi = virtual address (through the direct map) of the raeen::boot::Handoff
//   - rsp = top of a mapped stack with a guard page below, 16-byte aligned
//   - the kernel is relocated for the address it runs at
    .section .text.entry, "ax"
    .global _start
    .type _start, @function
_start:
    cld
    xorl %ebp, %ebp          // terminates frame-pointer backtraces
    andq $-16, %rsp
    call KernelMain
1:  cli
    hlt
    jmp 1b
    .size _start, . - _start
