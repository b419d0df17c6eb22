// port_create, port_wait, timer_create, timer_set, timer_cancel.

#include "kernel/object/port.h"
#include "kernel/object/timer.h"
#include "kernel/syscall/syscall_support.h"
#include "kernel/time/monotonic_clock.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

Status PortCreate(UserOut<HandleValue> port) {
  RAEEN_TRY_STATUS(RefPtr<Port> created, Port::Create());
  return PublishHandle(rstd::Move(created), Port::kDefaultRights, port);
}

Status PortWait(HandleValue port, int64_t deadline_ns, UserOut<PortPacket> packet) {
  RAEEN_TRY_STATUS(RefPtr<Port> source,
                   LookUp<Port>(port, kPortWaitPortType, kPortWaitPortRights));
  RAEEN_TRY_STATUS(kernel::PortPacket queued,
                   KillableWait(Deadline(deadline_ns),
                                [&](uint64_t slice) { return source->Wait(slice); }));
  const PortPacket delivered{queued.key, static_cast<int64_t>(queued.timestamp_ns),
                             queued.signals, 1};
  return CopyOut(packet, delivered);
}

Status TimerCreate(UserOut<HandleValue> timer) {
  RAEEN_TRY_STATUS(RefPtr<Timer> created, Timer::Create());
  return PublishHandle(rstd::Move(created), Timer::kDefaultRights, timer);
}

Status TimerSet(HandleValue timer, int64_t deadline_ns) {
  RAEEN_TRY_STATUS(RefPtr<Timer> target,
                   LookUp<Timer>(timer, kTimerSetTimerType, kTimerSetTimerRights));
  target->Set(Deadline(deadline_ns));
  return Status::kOk;
}

Status TimerCancel(HandleValue timer) {
  RAEEN_TRY_STATUS(RefPtr<Timer> target,
                   LookUp<Timer>(timer, kTimerCancelTimerType, kTimerCancelTimerRights));
  target->Cancel();
  return Status::kOk;
}

}  // namespace raeen::kernel::sys
