#pragma once
// Stopping the other CPUs when one panics, so that nothing runs on (and nothing more is
// printed by) a kernel whose invariants are broken while the report goes out.
//
// The panicking CPU claims the panic (ClaimPanic), then StopOtherCpus sets "stop requested"
// and sends an NMI to every other online CPU, addressed one by one: the "all excluding self"
// shorthand would also reach CPUs still in their start-up code, without an IDT, where an NMI
// is a triple fault that resets the machine [Intel SDM vol. 3A, 11.6.1]. An NMI is taken even
// with interrupts disabled, so a CPU spinning with IF clear stops too. Each target's NMI
// handler sees the request (StopRequested), records itself and halts (StopThisCpu). A CPU
// that panics second finds the panic claimed and halts the same way, without a report.

#include <stdint.h>

namespace raeen::kernel::arch {

enum class PanicClaim : uint8_t {
  kFirst,  // this CPU reports the panic
  kAgain,  // this CPU is already reporting one (a fault inside the report)
  kOther,  // another CPU reports: call StopThisCpu
};

// Claims the panic for the calling CPU. Interrupts must be disabled.
PanicClaim ClaimPanic();

// Whether the calling CPU must stop: another CPU panicked and called StopOtherCpus. False on
// the panicking CPU itself, which an unrelated NMI must not halt in the middle of its report.
bool StopRequested();

// Records the calling CPU as stopped, then halts it with interrupts disabled, forever. Safe in
// the NMI handler (no locks, no logging); NMIs stay blocked there until an iret that never
// comes, so a second stop NMI cannot interrupt the halt loop [SDM 3A, 6.7.1].
[[noreturn]] void StopThisCpu();

struct StopOutcome {
  uint32_t others;       // online CPUs other than the caller
  uint32_t stopped;      // of those, how many confirmed within the time limit
  uint64_t silent_mask;  // bit i: CPU index i was asked and did not confirm
};

// From the CPU that claimed the panic (kFirst), interrupts disabled: asks every other online
// CPU to stop and waits up to `timeout_ms` (by the TSC) for them to confirm. Without a local
// APIC or per-CPU data there is one CPU and nothing to stop: {0, 0, 0}.
StopOutcome StopOtherCpus(uint32_t timeout_ms);

}  // namespace raeen::kernel::arch
