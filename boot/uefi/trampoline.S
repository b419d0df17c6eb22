// The jump from rae-boot into the kernel. rae-boot copies the bytes between
// RaeenTrampolineStart and RaeenTrampolineEnd into a page that is identity-mapped both in the
// firmware's page tables and in the kernel's new ones, and calls that copy. The code must
// therefore be position independent (no RIP-relative references) and must not touch memory:
// after `mov %cr3` only the new tables apply, and the firmware stack is no longer mapped.
//
// Called with the Microsoft x64 convention (the UEFI target's) [UEFI 2.10, 2.3.4.2]:
//   rcx = physical address of the PML4 (new CR3)
//   rdx = kernel stack top (virtual, 16-byte aligned)
//   r8  = kernel entry point (virtual)
//   r9  = hand-off address (virtual, through the direct map)
// and leaves the kernel (kernel/arch/x86_64/entry.S) with the SysV convention: rdi = hand-off.
//
// It does not return. GDTR and IDTR still hold the firmware's identity-mapped addresses, which
// the new tables do not map: the kernel loads its own GDT and IDT before it reloads a segment
// register or can take an exception (interrupts stay off until it does).

    .text
    .globl RaeenTrampolineStart
    .globl RaeenTrampolineEnd
    .p2align 4
RaeenTrampolineStart:
    cli
    movq    %rcx, %r10              // rdmsr/wrmsr use ecx, eax and edx: keep the
    movq    %rdx, %r11              // arguments in scratch registers
    // EFER.NXE (bit 11 of MSR 0xC0000080) makes bit 63 of a page-table entry mean "no
    // execute"; with NXE clear that bit is reserved and every NX mapping would fault
    // [Intel SDM vol. 3A, 4.1.1 and 4.5]. Set it before the tables that use it go live.
    movl    $0xC0000080, %ecx
    rdmsr
    orl     $(1 << 11), %eax
    wrmsr
    // Switch to the kernel's tables. This code keeps running because its page is
    // identity-mapped in them too.
    movq    %r10, %cr3
    movq    %r11, %rsp
    movq    %r9, %rdi
    xorl    %ebp, %ebp              // ends frame-pointer backtraces
    cld                             // the SysV ABI requires DF = 0 at function entry
    jmpq    *%r8
RaeenTrampolineEnd:
