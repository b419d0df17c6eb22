// The kernel's only instructions that read or write user memory (kernel/arch/x86_64/
// user_access.h explains the design). Each routine opens the SMAP window with stac when its
// last argument says SMAP is on, copies, and closes it with clac on every way out, the fault
// path included.
//
// The fixup table lists, for each instruction range that may fault on a user address, where to
// resume. Entries are three 32-bit offsets, each relative to its own field, so the table needs
// no relocation at the KASLR base.

.macro USER_ACCESS_FIXUP start, end, recovery
    .pushsection .rodata.raeen_user_access_fixups, "a"
    .long \start - .
    .long \end - .
    .long \recovery - .
    .popsection
.endm

    .section .rodata.raeen_user_access_fixups, "a"
    .p2align 2
    .global raeen_user_access_fixups_start
raeen_user_access_fixups_start:

    .section .text

// uint64_t raeen_user_copy(void* dst, const void* src, uint64_t n, uint64_t use_stac)
// Returns 0, or the bytes left uncopied when a fault was recovered (rep movsb counts rcx
// down as it goes and a fault leaves it exact [Intel SDM vol. 2B, REP]).
    .p2align 4
    .global raeen_user_copy
    .type raeen_user_copy, @function
raeen_user_copy:
    movq %rcx, %r8              // use_stac, kept for the way out
    movq %rdx, %rcx
    testq %r8, %r8
    jz 1f
    stac
1:
.Lcopy_start:
    rep movsb
.Lcopy_end:
    movq %rcx, %rax             // 0
.Lcopy_done:
    testq %r8, %r8
    jz 2f
    clac
2:
    ret
.Lcopy_fault:
    // The exception frame restored every register, so rcx is what the copy had left.
    movq %rcx, %rax
    jmp .Lcopy_done
    .size raeen_user_copy, . - raeen_user_copy
    USER_ACCESS_FIXUP .Lcopy_start, .Lcopy_end, .Lcopy_fault

// uint64_t raeen_user_copy_string(char* dst, const char* src, uint64_t limit, uint64_t use_stac)
// Copies bytes up to and including the first NUL, reading at most `limit` bytes. Returns the
// count copied with the NUL, 0 when there was no NUL in `limit` bytes, UINT64_MAX on a fault.
// Only the load from user memory is in the fixup range: a fault storing to dst is the kernel's.
    .p2align 4
    .global raeen_user_copy_string
    .type raeen_user_copy_string, @function
raeen_user_copy_string:
    xorl %eax, %eax             // bytes copied
    testq %rcx, %rcx
    jz 1f
    stac
1:
    cmpq %rdx, %rax
    jae .Lstring_no_nul
.Lstring_load:
    movb (%rsi,%rax), %r8b
.Lstring_load_end:
    movb %r8b, (%rdi,%rax)
    incq %rax
    testb %r8b, %r8b
    jnz 1b
.Lstring_done:
    testq %rcx, %rcx
    jz 2f
    clac
2:
    ret
.Lstring_no_nul:
    xorl %eax, %eax
    jmp .Lstring_done
.Lstring_fault:
    movq $-1, %rax
    jmp .Lstring_done
    .size raeen_user_copy_string, . - raeen_user_copy_string
    USER_ACCESS_FIXUP .Lstring_load, .Lstring_load_end, .Lstring_fault

    .section .rodata.raeen_user_access_fixups, "a"
    .global raeen_user_access_fixups_end
raeen_user_access_fixups_end:
