// resource_create, interrupt_create, interrupt_wait, interrupt_ack.

#include "kernel/object/interrupt_object.h"
#include "kernel/object/resource.h"
#include "kernel/syscall/syscall_support.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

using ::raeen::sys::InterruptOptions;

namespace {

kernel::ResourceKind KindOf(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kIoport: return kernel::ResourceKind::kIoPort;
    case ResourceKind::kMmio: return kernel::ResourceKind::kMmio;
    case ResourceKind::kIrq: return kernel::ResourceKind::kIrq;
    case ResourceKind::kCpu: return kernel::ResourceKind::kCpu;
    case ResourceKind::kKernelLog: return kernel::ResourceKind::kKernelLog;
  }
  return kernel::ResourceKind::kRoot;
}

}  // namespace

Status ResourceCreate(HandleValue parent, ResourceKind kind, uint64_t base, uint64_t size,
                      UserOut<HandleValue> resource) {
  RAEEN_TRY_STATUS(RefPtr<Resource> from, LookUp<Resource>(parent, kResourceCreateParentType,
                                                           kResourceCreateParentRights));
  RAEEN_TRY_STATUS(RefPtr<Resource> minted, from->Mint(KindOf(kind), base, size));
  return PublishHandle(rstd::Move(minted), Resource::kMintedRights, resource);
}

Status InterruptCreate(HandleValue resource, uint32_t irq, uint32_t options,
                       UserOut<HandleValue> interrupt) {
  RAEEN_TRY_STATUS(RefPtr<Resource> line, LookUp<Resource>(resource, kInterruptCreateResourceType,
                                                           kInterruptCreateResourceRights));
  // ISA lines take their trigger mode and polarity from the firmware (MADT); the options
  // are checked for being declared and otherwise not needed yet.
  if ((options & ~InterruptOptions::kAll) != 0) return Status::kInvalidArgument;
  if (!line->Covers(kernel::ResourceKind::kIrq, irq, 1)) {
    return line->kind() == kernel::ResourceKind::kRoot ||
                   line->kind() == kernel::ResourceKind::kIrq
               ? Status::kOutOfRange
               : Status::kWrongType;
  }
  RAEEN_TRY_STATUS(RefPtr<InterruptObject> created,
                   InterruptObject::CreateIsa(static_cast<uint8_t>(irq)));
  return PublishHandle(rstd::Move(created), InterruptObject::kDefaultRights, interrupt);
}

Status InterruptWait(HandleValue interrupt, UserOut<int64_t> timestamp_ns) {
  RAEEN_TRY_STATUS(RefPtr<InterruptObject> line,
                   LookUp<InterruptObject>(interrupt, kInterruptWaitInterruptType,
                                           kInterruptWaitInterruptRights));
  RAEEN_TRY_STATUS(uint32_t seen, KillableWait(sync::kNoTimeout, [&](uint64_t slice) {
                     return line->WaitForSignals(signals::kInterrupt, slice);
                   }));
  (void)seen;
  return CopyOut(timestamp_ns, static_cast<int64_t>(line->last_ns()));
}

Status InterruptAck(HandleValue interrupt) {
  RAEEN_TRY_STATUS(RefPtr<InterruptObject> line,
                   LookUp<InterruptObject>(interrupt, kInterruptAckInterruptType,
                                           kInterruptAckInterruptRights));
  if ((line->signals() & signals::kInterrupt) == 0) return Status::kBadState;
  return line->Ack().status();
}

}  // namespace raeen::kernel::sys
