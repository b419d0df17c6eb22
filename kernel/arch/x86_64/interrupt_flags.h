#pragma once
// The interrupt flag (RFLAGS.IF): enabling, disabling, and saving/restoring it around a
// critical section [Intel SDM vol. 1, 3.4.3.3; vol. 2B, STI: interrupts are recognised only
// after the instruction that follows sti].

#include <stdint.h>

namespace raeen::kernel::arch {

inline constexpr uint64_t kRflagsInterrupt = 1ull << 9;

inline void EnableInterrupts() { asm volatile("sti" ::: "memory"); }

inline uint64_t SaveFlagsAndDisableInterrupts() {
  uint64_t flags;
  asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
  return flags;
}

// Re-enables interrupts only if they were enabled when `flags` was saved.
inline void RestoreFlags(uint64_t flags) {
  if ((flags & kRflagsInterrupt) != 0) asm volatile("sti" ::: "memory");
}

inline bool InterruptsEnabled() {
  uint64_t flags;
  asm volatile("pushfq; popq %0" : "=r"(flags));
  return (flags & kRflagsInterrupt) != 0;
}

// Halts until the next interrupt, with interrupts enabled for that wait only. Call it with
// interrupts disabled, right after finding there is nothing to do yet: sti's one-instruction
// shadow means an interrupt that became pending after the check is taken only once hlt has
// started, so its wake-up cannot be lost [SDM 2B, STI]. Returns with interrupts disabled, after
// the handler ran. (Checking with interrupts enabled and then halting can sleep forever: the
// interrupt that should have woken the CPU may arrive between the check and the hlt.)
inline void EnableInterruptsAndHalt() { asm volatile("sti; hlt; cli" ::: "memory"); }

// Interrupts off on this CPU for one scope, then back to what they were.
class InterruptGuard {
 public:
  InterruptGuard() : flags_(SaveFlagsAndDisableInterrupts()) {}
  ~InterruptGuard() { RestoreFlags(flags_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  uint64_t flags_;
};

}  // namespace raeen::kernel::arch
