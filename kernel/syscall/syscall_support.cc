#include "kernel/syscall/syscall_support.h"

#include "kernel/mm/user_copy.h"
#include "kernel/sync/wait_queue.h"

namespace raeen::kernel::sys {

Result<HandleEntry> LookUpAny(HandleValue handle, Rights rights) {
  return Caller().WithHandles([&](HandleTable& table) { return table.GetAny(handle, rights); });
}

Status PublishHandle(RefPtr<KernelObject> object, Rights rights, UserOut<HandleValue> out) {
  Process& caller = Caller();
  Result<HandleValue> value = caller.WithHandles(
      [&](HandleTable& table) { return table.Add(rstd::Move(object), rights); });
  if (!value.ok()) return value.status();
  if (Status copied = CopyOut(out, *value); copied != Status::kOk) {
    (void)caller.WithHandles([&](HandleTable& table) { return table.Close(*value); });
    return copied;
  }
  return Status::kOk;
}

Status CopyIn(void* to, uint64_t user_from, size_t size) {
  if (size == 0) return Status::kOk;
  return CopyFromUser(to, user_from, size).ok() ? Status::kOk : Status::kInvalidArgument;
}

Status CopyOut(uint64_t user_to, const void* from, size_t size) {
  if (size == 0) return Status::kOk;
  return CopyToUser(user_to, from, size).ok() ? Status::kOk : Status::kInvalidArgument;
}

uint64_t Deadline(int64_t deadline_ns) {
  if (deadline_ns == INT64_MAX) return sync::kNoTimeout;
  return deadline_ns < 0 ? 0 : static_cast<uint64_t>(deadline_ns);
}

bool CallerIsEnding() {
  UserThread* thread = UserThread::Current();
  return thread == nullptr || thread->killed() ||
         thread->process().end() != ProcessEnd::kRunning;
}

SignalingObject* AsSignaling(KernelObject& object) {
  switch (object.type()) {
    case ObjectType::kProcess:
    case ObjectType::kThread:
    case ObjectType::kChannel:
    case ObjectType::kInterrupt:
    case ObjectType::kTimer: return static_cast<SignalingObject*>(&object);
    case ObjectType::kAddressSpace:
    case ObjectType::kMemoryObject:
    case ObjectType::kPort:
    case ObjectType::kResource: return nullptr;
  }
  return nullptr;
}

}  // namespace raeen::kernel::sys
