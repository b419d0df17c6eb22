#include "kernel/arch/x86_64/interrupt_dispatch.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

constexpr int kVectors = 256;

// Any CPU dispatches while any CPU registers or unregisters. A handler is published with a
// release CAS and read with an acquire load, so a CPU that sees it also sees everything its
// registrant wrote before. Unregistering must also wait out a call already under way on
// another CPU (its caller frees what the handler uses next): `running` counts the calls in
// progress per vector. Incrementing it and then loading the handler, against storing null and
// then reading it, is a store-then-load on each side, hence sequentially consistent on both.
InterruptHandler handlers[kVectors];
uint32_t running[kVectors];
uint64_t counts[kVectors];
bool reported_unhandled[kVectors];
// Device vectors taken per CPU (index: CPU index), to show where steering sends them.
uint64_t device_counts[kMaxCpus];

bool IsDeviceVector(uint8_t vector) {
  return vector >= vectors::kIsaIrqBase && vector <= vectors::kLastDevice;
}

void CountOnThisCpu(uint8_t vector) {
  if (!IsDeviceVector(vector) || !PerCpuReady()) return;
  // Only this CPU writes its slot; the atomic keeps readers on other CPUs from tearing it.
  __atomic_fetch_add(&device_counts[CurrentCpu()->index], 1, __ATOMIC_RELAXED);
}

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
  __atomic_store_n(&handlers[vector], nullptr, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&running[vector], __ATOMIC_SEQ_CST) != 0) Pause();
}

uint64_t InterruptCount(uint8_t vector) { return __atomic_load_n(&counts[vector], __ATOMIC_RELAXED); }

uint64_t DeviceInterruptCount(uint32_t cpu_index) {
  if (cpu_index >= kMaxCpus) return 0;
  return __atomic_load_n(&device_counts[cpu_index], __ATOMIC_RELAXED);
}

void DispatchExternalInterrupt(InterruptFrame& frame) {
  const uint8_t vector = static_cast<uint8_t>(frame.vector);
  __atomic_fetch_add(&counts[vector], 1, __ATOMIC_RELAXED);
  CountOnThisCpu(vector);
  if (vector == vectors::kSpurious) return;  // no EOI [SDM 3A, 11.9]
  __atomic_fetch_add(&running[vector], 1, __ATOMIC_SEQ_CST);
  InterruptHandler handler = __atomic_load_n(&handlers[vector], __ATOMIC_SEQ_CST);
  if (handler != nullptr) {
    handler(frame);
  } else if (!__atomic_exchange_n(&reported_unhandled[vector], true, __ATOMIC_RELAXED)) {
    LogWarn("interrupt: vector {:#x} has no handler (at rip {:#x}); acknowledged and ignored",
            vector, frame.rip);
  }
  __atomic_fetch_sub(&running[vector], 1, __ATOMIC_RELEASE);
  LocalApicEoi();
}

}  // namespace raeen::kernel::arch
