#include "kernel/arch/x86_64/ipi.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/debug/panic.h"
#include "kernel/sync/spinlock.h"

namespace raeen::kernel::arch {
namespace {

static_assert(kMaxCpus <= 64, "CpuMask has one bit per CPU");

// One call in flight per CPU: written by its owner only while `remaining` is 0, read by the
// targets between seeing their mailbox bit and decrementing `remaining`. A target of a call
// that waits decrements after running fn (the caller learns it finished); of one that does not
// wait, as soon as it has copied fn and arg, so the caller's next call need not wait for a
// long-running fn. A cache line each, so CPUs acknowledging one call do not slow down the
// owners of the others.
struct alignas(64) CallRecord {
  CrossCpuFunction fn;
  void* arg;
  bool wait;
  CallKind kind;
  uint32_t remaining;  // targets that have not finished (wait) or picked up (!wait) the call
};

// Bit s: this CPU still has to run CPU s's call record.
struct alignas(64) Mailbox {
  uint64_t pending_sources;
  uint64_t served;
};

CallRecord records[kMaxCpus];
Mailbox mailboxes[kMaxCpus];
// InitCrossCpuCalls' progress, so that it runs once whoever calls it first.
constexpr uint32_t kNotYet = 0, kRegistering = 1, kReady = 2, kFailed = 3;
uint32_t init_state = kNotYet;

void HandleCallFunctionIpi(InterruptFrame&) { ServiceCrossCpuWork(); }

uint32_t ThisCpuIndex() { return CurrentCpu()->index; }

// About 50 s at the TSC rates we see: far beyond any request (they are short, and every wait
// loop serves them), so only a CPU that can no longer answer gets here.
constexpr uint64_t kUnansweredTscTicks = 1ull << 37;

// Waits until `self`'s record has no targets left, serving this CPU's own requests meanwhile.
// A target that never answers (interrupts left off outside any wait loop, a dead local APIC)
// is a bug elsewhere: name it in a panic instead of hanging silently.
void WaitForTargets(uint32_t self) {
  const CallRecord& record = records[self];
  const uint64_t start = ReadTsc();
  while (__atomic_load_n(&record.remaining, __ATOMIC_ACQUIRE) != 0) {
    RelaxWhileWaiting();
    if (ReadTsc() - start < kUnansweredTscTicks) continue;
    CpuMask unanswered = 0;
    for (uint32_t i = 0; i < CpuCount(); ++i) {
      if (__atomic_load_n(&mailboxes[i].pending_sources, __ATOMIC_RELAXED) & CpuBit(self)) {
        unanswered |= CpuBit(i);
      }
    }
    Panic("cpu {}: cross-cpu call to {} targets unanswered (not picked up: cpus {:#x})", self,
          __atomic_load_n(&record.remaining, __ATOMIC_RELAXED), unanswered);
  }
}

}  // namespace

CpuMask OnlineCpus() {
  CpuMask mask = 0;
  const uint32_t count = CpuCount();
  for (uint32_t i = 0; i < count; ++i) {
    if (__atomic_load_n(&CpuByIndex(i).online, __ATOMIC_ACQUIRE) != 0) mask |= CpuBit(i);
  }
  // Before per-CPU data exists there is just the boot CPU, online or not.
  return PerCpuReady() ? (mask | CpuBit(ThisCpuIndex())) : CpuBit(0);
}

CpuMask OtherOnlineCpus() {
  if (!PerCpuReady()) return 0;
  return OnlineCpus() & ~CpuBit(ThisCpuIndex());
}

Result<void> InitCrossCpuCalls() {
  uint32_t expected = kNotYet;
  if (__atomic_compare_exchange_n(&init_state, &expected, kRegistering, false, __ATOMIC_ACQUIRE,
                                  __ATOMIC_ACQUIRE)) {
    Result<void> registered =
        RegisterInterruptHandler(vectors::kCallFunction, &HandleCallFunctionIpi);
    __atomic_store_n(&init_state, registered.ok() ? kReady : kFailed, __ATOMIC_RELEASE);
    return registered;
  }
  while (expected == kRegistering) {
    __builtin_ia32_pause();
    expected = __atomic_load_n(&init_state, __ATOMIC_ACQUIRE);
  }
  if (expected != kReady) return Error(Status::kAlreadyExists);
  return {};
}

Result<void> RunOnCpus(CpuMask targets, CrossCpuFunction fn, void* arg, bool wait, CallKind kind) {
  if ((targets & ~OnlineCpus()) != 0) return Error(Status::kInvalidArgument);
  // A target running fn might need a lock we hold; and fn run here would meet it directly.
  if (kind == CallKind::kMayLock && sync::HeldSpinLockCount() != 0) {
    return Error(Status::kBadState);
  }
  // Interrupts stay off throughout: an interrupt handler on this CPU that called RunOnCpus
  // would find our record half written, and the thread must not migrate mid-call.
  const uint64_t flags = SaveFlagsAndDisableInterrupts();
  const uint32_t self = PerCpuReady() ? ThisCpuIndex() : 0;
  const CpuMask remote = targets & ~CpuBit(self);
  if (remote != 0 && !InitCrossCpuCalls().ok()) {
    RestoreFlags(flags);
    return Error(Status::kBadState);
  }
  if (targets & CpuBit(self)) fn(arg);
  if (remote != 0) {
    CallRecord& record = records[self];
    // The previous call (wait == false) may still be on its way to its targets.
    WaitForTargets(self);
    record.fn = fn;
    record.arg = arg;
    record.wait = wait;
    record.kind = kind;
    __atomic_store_n(&record.remaining, static_cast<uint32_t>(__builtin_popcountll(remote)),
                     __ATOMIC_RELAXED);
    for (CpuMask left = remote; left != 0; left &= left - 1) {
      const uint32_t target = static_cast<uint32_t>(__builtin_ctzll(left));
      // Release: the target that sees the bit sees fn, arg and remaining too.
      __atomic_fetch_or(&mailboxes[target].pending_sources, CpuBit(self), __ATOMIC_SEQ_CST);
      SendFixedIpi(CpuByIndex(target).apic_id, vectors::kCallFunction);
    }
    if (wait) WaitForTargets(self);
  }
  RestoreFlags(flags);
  return {};
}

void ServiceCrossCpuWork() {
  if (!PerCpuReady()) return;
  Mailbox& mailbox = mailboxes[ThisCpuIndex()];
  // Holding a spinlock, this CPU leaves kMayLock requests for later: its interrupt handler
  // runs them once interrupts are back on (their IPI stays pending until then).
  const bool may_lock = sync::HeldSpinLockCount() == 0;
  for (;;) {
    uint64_t pending = __atomic_load_n(&mailbox.pending_sources, __ATOMIC_ACQUIRE);
    if (!may_lock) {
      // A record is stable while its bit is set, so its kind can be read before claiming.
      for (uint64_t left = pending; left != 0; left &= left - 1) {
        const uint32_t source = static_cast<uint32_t>(__builtin_ctzll(left));
        if (records[source].kind == CallKind::kMayLock) pending &= ~CpuBit(source);
      }
    }
    if (pending == 0) return;
    const uint32_t source = static_cast<uint32_t>(__builtin_ctzll(pending));
    // Claim the request by clearing its bit; a nested call (a request spinning on a lock runs
    // this again) claims only the others.
    const uint64_t before =
        __atomic_fetch_and(&mailbox.pending_sources, ~CpuBit(source), __ATOMIC_ACQ_REL);
    if ((before & CpuBit(source)) == 0) continue;
    CallRecord& record = records[source];
    const CrossCpuFunction fn = record.fn;
    void* const arg = record.arg;
    const bool wait = record.wait;
    // Release: the reads above happen before the owner may reuse the record; with `wait`,
    // what fn wrote is visible to the caller that sees the count drop.
    if (!wait) __atomic_fetch_sub(&record.remaining, 1, __ATOMIC_RELEASE);
    fn(arg);
    __atomic_store_n(&mailbox.served, mailbox.served + 1, __ATOMIC_RELAXED);
    if (wait) __atomic_fetch_sub(&record.remaining, 1, __ATOMIC_RELEASE);
  }
}

uint64_t CrossCpuCallsServed(uint32_t cpu_index) {
  if (cpu_index >= kMaxCpus) return 0;
  return __atomic_load_n(&mailboxes[cpu_index].served, __ATOMIC_RELAXED);
}

}  // namespace raeen::kernel::arch
