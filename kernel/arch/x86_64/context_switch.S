// Switching kernel stacks between threads. Only the callee-saved registers need saving: the
// switch is a function call, so the compiler already keeps everything else safe. The FPU
// state is switched by the C++ caller (kernel/arch/x86_64/fpu.h), RFLAGS by the caller's
// interrupt guard.

    .section .text

// void raeen_switch_context(uint64_t* save_rsp, uint64_t load_rsp)
// Pushes the callee-saved registers on the current stack, stores rsp into *save_rsp, loads
// load_rsp and pops the registers the next thread pushed when it was switched out (or that
// raeen_prepare_thread_stack laid out for a new one), returning into that thread.
    .p2align 4
    .global raeen_switch_context
    .type raeen_switch_context, @function
raeen_switch_context:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size raeen_switch_context, . - raeen_switch_context

// Where a new thread's first switch returns to: r12 holds the Thread*, as laid out by
// PrepareThreadStack (kernel/thread/thread.cc). Clears rbp so backtraces end here.
    .p2align 4
    .global raeen_thread_start
    .type raeen_thread_start, @function
raeen_thread_start:
    xorl %ebp, %ebp
    movq %r12, %rdi
    call RaeenThreadMain
    ud2                     // RaeenThreadMain never returns
    .size raeen_thread_start, . - raeen_thread_start
