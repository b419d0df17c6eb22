// The application processors' start-up code [Intel SDM vol. 3A, 9.4.4 (MP initialization),
// 10.8.5 (initializing IA-32e mode) and 10.9 (mode switching)]. smp_boot.cc copies
// raeen_ap_trampoline_start..end (it checks that this fits one page) to a page below 1 MiB and
// fills in the data block (ApTrampolineData in smp_boot_plan.h: the offsets below must match
// it); a STARTUP IPI then starts the AP in real mode at CS = page >> 4, IP = 0.
//
// Position-independent: real-mode code addresses the page through CS, 32- and 64-bit code
// through ebx = the page's physical address; the far jumps take their targets from the data
// block. It lives in .rodata: it is copied, never executed where it is linked.
//
// The climb: real mode -> 32-bit protected mode (temporary flat GDT) -> PAE, CR3 = a PML4 below
// 4 GiB (the kernel's, or a low copy of it), EFER.LME (+ NXE: the kernel's tables set NX) ->
// caches on, paging on with WP = IA-32e compatibility mode -> far jump into the 64-bit segment -> the
// kernel's own CR3 (may lie above 4 GiB) -> the AP's stack -> the kernel's AP entry, rdi = its
// PerCpu.

    .section .rodata.ap_trampoline, "a"
    .balign 16
    .global raeen_ap_trampoline_start
    .global raeen_ap_trampoline_protected
    .global raeen_ap_trampoline_long
    .global raeen_ap_trampoline_data
    .global raeen_ap_trampoline_end

    .set DATA_GDT_POINTER, 0x00
    .set DATA_PROTECTED_ENTRY, 0x08
    .set DATA_LONG_ENTRY, 0x10
    .set DATA_BOOT_CR3, 0x18
    .set DATA_EFER_SET, 0x1c
    .set DATA_KERNEL_CR3, 0x20
    .set DATA_ENTRY, 0x28
    .set DATA_STACK_TOP, 0x30
    .set DATA_PER_CPU, 0x38
    .set DATA_SIZE, 0x60

    .set CR0_PE, 1 << 0
    .set CR0_WP, 1 << 16
    .set CR0_NW, 1 << 29
    .set CR0_CD, 1 << 30
    .set CR0_PG, 1 << 31
    .set CR4_PAE, 1 << 5
    .set MSR_EFER, 0xc0000080
    .set DATA32_SELECTOR, 0x10

    .code16
raeen_ap_trampoline_start:
    cli
    cld
    movw %cs, %ax
    movw %ax, %ds
    // ebx = physical address of this page, for the 32- and 64-bit code.
    xorl %ebx, %ebx
    movw %ax, %bx
    shll $4, %ebx
    lgdtl (raeen_ap_trampoline_data - raeen_ap_trampoline_start + DATA_GDT_POINTER)
    movl %cr0, %eax
    orl $CR0_PE, %eax
    movl %eax, %cr0
    ljmpl *(raeen_ap_trampoline_data - raeen_ap_trampoline_start + DATA_PROTECTED_ENTRY)

    .code32
raeen_ap_trampoline_protected:
    movw $DATA32_SELECTOR, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    leal (raeen_ap_trampoline_data - raeen_ap_trampoline_start)(%ebx), %esi
    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
    movl DATA_BOOT_CR3(%esi), %eax
    movl %eax, %cr3
    movl $MSR_EFER, %ecx
    rdmsr
    orl DATA_EFER_SET(%esi), %eax
    wrmsr
    // INIT leaves CR0 = 0x60000010: caches off (CD, NW) [SDM 3A, 10.1.1, table 10-1]. On with
    // paging, as on the boot CPU.
    movl %cr0, %eax
    andl $~(CR0_CD | CR0_NW), %eax
    orl $(CR0_PG | CR0_WP), %eax
    movl %eax, %cr0
    ljmpl *DATA_LONG_ENTRY(%esi)

    .code64
raeen_ap_trampoline_long:
    // Still on the identity-mapped page, now through the kernel's own tables.
    movl %ebx, %esi
    addq $(raeen_ap_trampoline_data - raeen_ap_trampoline_start), %rsi
    movq DATA_KERNEL_CR3(%rsi), %rax
    movq %rax, %cr3
    xorl %eax, %eax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    movq DATA_STACK_TOP(%rsi), %rsp
    movq DATA_PER_CPU(%rsi), %rdi
    movq DATA_ENTRY(%rsi), %rax
    xorl %ebp, %ebp          // terminates frame-pointer backtraces
    pushq $0                 // no return address: the entry never returns
    jmpq *%rax

    .balign 16
raeen_ap_trampoline_data:
    .fill DATA_SIZE, 1, 0
raeen_ap_trampoline_end:
