#include "kernel/object/interrupt_object.h"

#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/mm/alloc_checker.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

// The object of each ISA line, for the shared handler; set before the line is unmasked and
// cleared after it is masked again and no handler runs.
InterruptObject* isa_objects[InterruptObject::kIsaIrqCount] = {};

}  // namespace

Result<RefPtr<InterruptObject>> InterruptObject::CreateIsa(uint8_t irq) {
  if (irq >= kIsaIrqCount) return Error(Status::kInvalidArgument);
  AllocChecker checker;
  auto* object = new (checker) InterruptObject(irq);
  if (!checker.Check()) return Error(Status::kNoMemory);
  InterruptObject* expected = nullptr;
  if (!__atomic_compare_exchange_n(&isa_objects[irq], &expected, object, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    object->irq_ = kIsaIrqCount;  // owns no line: the destructor leaves the table alone
    object->Release();
    return Error(Status::kAlreadyExists);
  }
  RefPtr<InterruptObject> owned = RefPtr<InterruptObject>::Adopt(object);
  const uint8_t vector = arch::vectors::IsaIrq(irq);
  if (Result<void> registered = arch::RegisterInterruptHandler(vector, &Handle); !registered.ok()) {
    __atomic_store_n(&isa_objects[irq], nullptr, __ATOMIC_RELEASE);
    owned->irq_ = kIsaIrqCount;
    return Error(registered.status());  // the kernel uses this line itself
  }
  Result<arch::IsaRoute> routed =
      arch::RouteIsaIrqToVector(irq, vector, arch::CpuByIndex(0).apic_id);
  if (!routed.ok() || !arch::SetIsaIrqMasked(irq, false).ok()) {
    arch::UnregisterInterruptHandler(vector);
    __atomic_store_n(&isa_objects[irq], nullptr, __ATOMIC_RELEASE);
    owned->irq_ = kIsaIrqCount;
    return Error(routed.ok() ? Status::kIoError : routed.status());
  }
  return owned;
}

InterruptObject::InterruptObject(uint8_t irq)
    : SignalingObject(ObjectType::kInterrupt, kDefaultRights, kValidRights), irq_(irq) {}

InterruptObject::~InterruptObject() {
  if (irq_ >= kIsaIrqCount) return;
  (void)arch::SetIsaIrqMasked(irq_, true);
  arch::UnregisterInterruptHandler(arch::vectors::IsaIrq(irq_));
  __atomic_store_n(&isa_objects[irq_], nullptr, __ATOMIC_RELEASE);
}

Result<void> InterruptObject::Ack() {
  UpdateSignals(signals::kInterrupt, 0);
  return arch::SetIsaIrqMasked(irq_, false);
}

void InterruptObject::Handle(arch::InterruptFrame& frame) {
  const uint8_t irq = static_cast<uint8_t>(frame.vector - arch::vectors::kIsaIrqBase);
  InterruptObject* object = __atomic_load_n(&isa_objects[irq], __ATOMIC_ACQUIRE);
  // Masked until the driver acks: a level-triggered line would fire again at once.
  (void)arch::SetIsaIrqMasked(irq, true);
  if (object == nullptr) return;
  __atomic_store_n(&object->last_ns_, MonotonicNanoseconds(), __ATOMIC_RELEASE);
  object->UpdateSignals(0, signals::kInterrupt);
}

}  // namespace raeen::kernel
