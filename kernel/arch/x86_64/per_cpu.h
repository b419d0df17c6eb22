#pragma once
// Per-CPU data, reached through the GS base (IA32_GS_BASE) [Intel SDM vol. 3A, 3.4.4 and
// 2.2.1.2]: `%gs:0` holds the PerCpu's own address, so CurrentCpu() is one load. The boot CPU
// is index 0; application processors get 1, 2, ... in MADT order as they are started
// (smp_boot.h).
//
// While a CPU runs ring-3 code the GS base is user space's and the PerCpu pointer waits in
// IA32_KERNEL_GS_BASE: every entry from ring 3 (syscall, interrupt, exception) swaps them with
// swapgs first, and every return to ring 3 swaps them back. The NMI, double-fault and
// machine-check handlers cannot tell from the interrupted mode alone (they can arrive inside
// the syscall path before or after its swapgs, and user space may set any GS base with
// wrgsbase), so they load the GS base from a slot on their own IST stack: the PerCpu pointer
// that SetCurrentCpu stores right above each IST stack's frame (gdt.h, kIstOwnerSlotBytes).

#include <stdint.h>

#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/io_permissions.h"
#include "kernel/sync/lock_rank.h"

namespace raeen::kernel::arch {

inline constexpr uint32_t kMaxCpus = 64;

struct PageTableRoot;

struct PerCpu {
  PerCpu* self;                // must stay first: CurrentCpu() reads %gs:0
  // The running thread's kernel stack top, where syscall_entry.S switches to (and TSS.RSP0).
  uint64_t syscall_kernel_rsp;  // %gs:8
  uint64_t syscall_user_rsp;    // %gs:16, syscall_entry.S's scratch for the user rsp
  uint32_t index;              // 0 for the boot CPU
  uint32_t apic_id;            // its local APIC ID
  uint64_t kernel_stack_top;   // the stack it started on (an AP's start-up stack)
  TaskStateSegment* tss;       // the boot CPU's is gdt.cc's, an AP's is in `tables`
  StackBounds ist[3];          // double fault, NMI, machine check (APs; the boot CPU: gdt.h)
  CpuDescriptorTables tables;  // an AP's own GDT and TSS; unused for the boot CPU
  uint32_t online;             // set (release) by the CPU itself once it runs kernel code
  sync::HeldLockRanks held_locks;  // spinlocks this CPU holds (kernel/sync/spinlock.h)
  // Non-zero while the running code must stay on this CPU (PreemptGuard); interrupt exit
  // does not switch threads then.
  uint32_t preempt_disable;
  uint32_t interrupt_depth;  // external interrupt handlers running on this CPU (0 or 1)
  PageTableRoot* page_tables;  // the user tables in CR3, nullptr for the kernel's (user_entry.h)
  AppliedIoPermissions io_applied;  // what the TSS's I/O bitmap allows (io_permissions.h)
};

// The PerCpu of CPU `index` (< kMaxCpus); its contents are meaningful once that CPU was set
// up (CpuCount()).
PerCpu& CpuByIndex(uint32_t index);

// How many PerCpu slots are in use (online or not), the boot CPU's included.
uint32_t CpuCount();

// Claims the next slot for a CPU with `apic_id`; nullptr when all kMaxCpus are taken. Boot CPU
// only, before that CPU is started.
PerCpu* AllocatePerCpu(uint32_t apic_id);

// Sets up slot 0 for the calling (boot) CPU and points its GS base at it. Once, early (right
// after the GDT): spinlocks record what they hold there. Its apic_id is filled in later.
void InitBootCpuPerCpu();

// Whether InitBootCpuPerCpu ran, i.e. CurrentCpu() may be used.
bool PerCpuReady();

// Points the calling CPU's GS base at `cpu` and stores `cpu` in the owner slot of each of its
// IST stacks (see above).
void SetCurrentCpu(PerCpu* cpu);

// The calling CPU's PerCpu; only after InitBootCpuPerCpu (boot CPU) or SetCurrentCpu (APs).
inline PerCpu* CurrentCpu() {
  PerCpu* cpu;
  asm volatile("movq %%gs:0, %0" : "=r"(cpu));
  return cpu;
}

// Whether the calling CPU has a PerCpu (its GS base is set).
bool HasCurrentCpu();

inline constexpr uint32_t kPerCpuSyscallKernelRsp = 8;
inline constexpr uint32_t kPerCpuSyscallUserRsp = 16;

}  // namespace raeen::kernel::arch
