#pragma once
// Inter-processor requests: "run this function on those CPUs" (call-function), the mechanism
// under TLB shootdowns (tlb.h) and anything else that must happen on a particular CPU.
//
// Each CPU owns one call record (function, argument, how many targets have not finished yet)
// and each CPU has a mailbox: a bit mask of the CPUs whose record it still has to run. A call
// fills the caller's record, sets its bit in every target's mailbox and sends the target the
// vectors::kCallFunction IPI [Intel SDM vol. 3A, 11.6]. The target runs the record from the
// interrupt handler, or earlier from ServiceCrossCpuWork when it is spinning with interrupts
// off. Nothing is allocated; a caller reuses its record only after every target finished with
// the previous call, so at most one call per CPU is in flight.
//
// Deadlock freedom: every loop that waits for another CPU with interrupts disabled (spinlock
// acquisition, waiting for call targets here) runs this CPU's pending requests meanwhile. Two
// CPUs that call each other at once, or a CPU waiting for a lock whose holder waits for it to
// invalidate a TLB entry, both make progress.

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

// A set of CPUs by index (per_cpu.h; bit i = CpuByIndex(i)). kMaxCpus is 64.
using CpuMask = uint64_t;
constexpr CpuMask CpuBit(uint32_t index) { return CpuMask{1} << index; }

// Every CPU that is online now (PerCpu::online), this one included.
CpuMask OnlineCpus();
// OnlineCpus() without the calling CPU: the CPUs a kernel-wide TLB flush must reach.
CpuMask OtherOnlineCpus();

// A function to run on other CPUs, with interrupts disabled. `arg` is the caller's; with
// wait == false it must stay valid until fn is done with it, which the caller has to learn
// from fn itself.
using CrossCpuFunction = void (*)(void* arg);

// What a CrossCpuFunction may do, and so where the target may run it.
enum class CallKind : uint8_t {
  // Short, and takes no spinlock, blocks on nothing, allocates nothing, calls no RunOnCpus
  // (a TLB invalidation, reading a register). Runs at the first chance: in the interrupt
  // handler, or in any wait loop of the target, even one inside a spinlock section.
  kAtomic,
  // May take spinlocks (by the rank rules, as from a clean start) and call RunOnCpus; still
  // must not block. Runs only where the target holds no spinlock (the interrupt handler: a
  // CPU holding one has interrupts off; or a wait loop outside every spinlock), so it cannot
  // meet a lock its own CPU holds. The caller must hold no spinlock either.
  kMayLock,
};

// Registers the kCallFunction handler. Boot calls it once interrupts are set up
// (arch::StartInterruptsAndTimer); later calls do nothing. RunOnCpus calls it too before its
// first remote request, so a shootdown that comes earlier still works. kAlreadyExists if
// someone else holds the vector.
Result<void> InitCrossCpuCalls();

// Runs fn(arg) on every CPU in `targets`. The calling CPU's own bit runs fn directly (first,
// with interrupts disabled). With `wait`, returns once every target has run fn; without, once
// every request is queued (after every target picked up this CPU's previous call). Callable
// with or without interrupts enabled, holding spinlocks or not (kAtomic), from thread or
// interrupt context; not from the NMI handler, nor from a kAtomic function. Errors (nothing
// run): kInvalidArgument when `targets` names a CPU that is not online; kBadState for a
// kMayLock call while holding a spinlock, or for remote targets when InitCrossCpuCalls failed.
Result<void> RunOnCpus(CpuMask targets, CrossCpuFunction fn, void* arg, bool wait,
                       CallKind kind = CallKind::kAtomic);

// Runs any cross-CPU work queued for this CPU (call-function requests, TLB shootdowns):
// kMayLock requests only when this CPU holds no spinlock. Called from spin-wait loops that
// run with interrupts disabled, so that a CPU waiting for a lock never blocks another CPU that
// holds it and waits for this one. Re-entrant: a request it runs may spin on a lock and call
// it again. Does nothing before per-CPU data exists.
void ServiceCrossCpuWork();

// One step of any loop that waits for another CPU: serve this CPU's pending requests, then
// pause. Every such wait must use it (see "Deadlock freedom" above).
inline void RelaxWhileWaiting() {
  ServiceCrossCpuWork();
  __builtin_ia32_pause();
}

// Requests this CPU ran for other CPUs since boot (diagnostics, tests).
uint64_t CrossCpuCallsServed(uint32_t cpu_index);

}  // namespace raeen::kernel::arch
