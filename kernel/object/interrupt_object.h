#pragma once
// InterruptObject: an IRQ line delivered to user space (ARCHITECTURE.md §4), so drivers run
// as processes. When the line fires, the kernel masks it, notes the time and sets
// signals::kInterrupt; the driver waits for that signal, services its device and acks, which
// clears the signal and unmasks the line. A line has at most one object; the object masks
// the line and lets go of it when it is destroyed.

#include <stdint.h>

#include "kernel/object/signaling_object.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

namespace arch {
struct InterruptFrame;
}

class InterruptObject final : public SignalingObject {
 public:
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kWait;
  static constexpr Rights kValidRights = kDefaultRights;
  static constexpr uint8_t kIsaIrqCount = 16;

  // Takes ISA IRQ `irq` (routed through the I/O APIC to CPU 0's local APIC, masked until
  // created). Errors: kInvalidArgument (irq >= 16), kAlreadyExists (the kernel or another
  // object has the line), kNoMemory, the I/O APIC's errors.
  static Result<RefPtr<InterruptObject>> CreateIsa(uint8_t irq);

  // Clears kInterrupt and unmasks the line for the next interrupt.
  Result<void> Ack();

  // The monotonic time of the last interrupt.
  uint64_t last_ns() const { return __atomic_load_n(&last_ns_, __ATOMIC_ACQUIRE); }

 private:
  explicit InterruptObject(uint8_t irq);
  ~InterruptObject() override;

  static void Handle(arch::InterruptFrame& frame);

  uint8_t irq_;
  uint64_t last_ns_ = 0;
};

}  // namespace raeen::kernel
