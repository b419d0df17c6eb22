#include "kernel/arch/x86_64/interrupt_dispatch.h"

#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

constexpr int kVectors = 256;

// Written by Register/Unregister with the source stopped, read in interrupt context: relaxed
// atomics are enough on one CPU; the SMP issue adds the fence that publishes a new handler.
InterruptHandler handlers[kVectors];
uint64_t counts[kVectors];
bool reported_unhandled[kVectors];

}  // namespace

Result<void> RegisterInterruptHandler(uint8_t vector, InterruptHandler handler) {
  if (vector < vectors::kFirstExternal || vector == vectors::kSpurious || handler == nullptr) {
    return Error(Status::kInvalidArgument);
  }
  InterruptHandler expected = nullptr;
  if (!__atomic_compare_exchange_n(&handlers[vector], &expected, handler, false, __ATOMIC_RELEASE,
                                   __ATOMIC_RELAXED)) {
    return Error(Status::kAlreadyExists);
  }
  return {};
}

void UnregisterInterruptHandler(uint8_t vector) {
  __atomic_store_n(&handlers[vector], nullptr, __ATOMIC_RELEASE);
}

uint64_t InterruptCount(uint8_t vector) { return __atomic_load_n(&counts[vector], __ATOMIC_RELAXED); }

void DispatchExternalInterrupt(InterruptFrame& frame) {
  const uint8_t vector = static_cast<uint8_t>(frame.vector);
  __atomic_fetch_add(&counts[vector], 1, __ATOMIC_RELAXED);
  if (vector == vectors::kSpurious) return;  // no EOI [SDM 3A, 11.9]
  InterruptHandler handler = __atomic_load_n(&handlers[vector], __ATOMIC_ACQUIRE);
  if (handler != nullptr) {
    handler(frame);
  } else if (!reported_unhandled[vector]) {
    reported_unhandled[vector] = true;
    LogWarn("interrupt: vector {:#x} has no handler (at rip {:#x}); acknowledged and ignored",
            vector, frame.rip);
  }
  LocalApicEoi();
}

}  // namespace raeen::kernel::arch
