// handle_close, handle_duplicate, object_wait_one, object_wait_async, object_get_info.

#include "kernel/boot/boot_info.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/object/port.h"
#include "kernel/process/user_thread.h"
#include "kernel/syscall/syscall_support.h"
#include "kernel/thread/scheduler.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

namespace {

// object_get_info's answer: the record's size always, the record if it fits.
template <typename Record>
Status CopyOutRecord(const Record& record, UserBytesOut buffer, UserOut<uint64_t> actual) {
  if (Status copied = CopyOut(actual, uint64_t{sizeof(record)}); copied != Status::kOk) {
    return copied;
  }
  if (buffer.count < sizeof(record)) return Status::kBufferTooSmall;
  return CopyOut(buffer.address, &record, sizeof(record));
}

// The contract's ProcessEnd (raeen::sys) numbers the kernel's ends the same way.
ProcessEnd ContractEnd(kernel::ProcessEnd end) {
  static_assert(static_cast<uint32_t>(ProcessEnd::kRunning) ==
                    static_cast<uint32_t>(kernel::ProcessEnd::kRunning) &&
                static_cast<uint32_t>(ProcessEnd::kExited) ==
                    static_cast<uint32_t>(kernel::ProcessEnd::kExited) &&
                static_cast<uint32_t>(ProcessEnd::kFaulted) ==
                    static_cast<uint32_t>(kernel::ProcessEnd::kFaulted) &&
                static_cast<uint32_t>(ProcessEnd::kKilled) ==
                    static_cast<uint32_t>(kernel::ProcessEnd::kKilled));
  return static_cast<ProcessEnd>(end);
}

}  // namespace

Status HandleClose(HandleValue handle) {
  // The object may go with this handle: release it outside the table's lock.
  Result<HandleEntry> taken = Caller().WithHandles([&](HandleTable& table) -> Result<HandleEntry> {
    RAEEN_TRY(HandleEntry entry, table.GetAny(handle, Rights()));
    RAEEN_TRY(table.Close(handle));
    return entry;
  });
  return taken.status();
}

Status HandleDuplicate(HandleValue handle, uint32_t rights, UserOut<HandleValue> duplicate) {
  RAEEN_TRY_STATUS(HandleEntry entry, LookUpAny(handle, kHandleDuplicateHandleRights));
  const Rights wanted = Rights::FromBits(rights);
  if (wanted.bits() != rights || !wanted.IsSubsetOf(entry.rights)) {
    return Status::kInvalidArgument;
  }
  return PublishHandle(rstd::Move(entry.object), wanted, duplicate);
}

Status ObjectWaitOne(HandleValue handle, uint32_t signals, int64_t deadline_ns,
                     UserOut<uint32_t> observed) {
  RAEEN_TRY_STATUS(HandleEntry entry, LookUpAny(handle, kObjectWaitOneHandleRights));
  SignalingObject* object = AsSignaling(*entry.object);
  if (object == nullptr) return Status::kWrongType;
  Result<uint32_t> seen = KillableWait(Deadline(deadline_ns), [&](uint64_t slice) {
    return object->WaitForSignals(signals, slice);
  });
  const uint32_t now = seen.ok() ? *seen : object->signals();
  if (Status copied = CopyOut(observed, now); copied != Status::kOk) return copied;
  return seen.status();
}

Status ObjectWaitAsync(HandleValue handle, HandleValue port, uint64_t key, uint32_t signals) {
  RAEEN_TRY_STATUS(HandleEntry entry, LookUpAny(handle, kObjectWaitAsyncHandleRights));
  RAEEN_TRY_STATUS(RefPtr<Port> target,
                   LookUp<Port>(port, kObjectWaitAsyncPortType, kObjectWaitAsyncPortRights));
  SignalingObject* object = AsSignaling(*entry.object);
  if (object == nullptr) return Status::kWrongType;
  return target->Bind(*object, signals, key).status();
}

Status ObjectGetInfo(HandleValue handle, InfoTopic topic, UserBytesOut buffer,
                     UserOut<uint64_t> actual) {
  RAEEN_TRY_STATUS(HandleEntry entry, LookUpAny(handle, kObjectGetInfoHandleRights));
  switch (topic) {
    case InfoTopic::kHandleBasic: {
      const HandleInfo info{handle, static_cast<uint32_t>(entry.object->type()),
                            entry.rights.bits()};
      return CopyOutRecord(info, buffer, actual);
    }
    case InfoTopic::kProcessUsage: {
      if (entry.object->type() != ObjectType::kProcess) return Status::kWrongType;
      auto& process = static_cast<Process&>(*entry.object);
      const ProcessUsage usage{
          process.memory_quota().used(),
          static_cast<uint32_t>(process.WithHandles([](HandleTable& t) { return t.count(); })),
          process.live_threads()};
      return CopyOutRecord(usage, buffer, actual);
    }
    case InfoTopic::kThreadStats: {
      if (entry.object->type() != ObjectType::kThread) return Status::kWrongType;
      auto& thread = static_cast<UserThread&>(*entry.object);
      // An ended thread reports zeros: its statistics went with it.
      const ThreadStats stats = thread.WithThread([](Thread* t) {
        if (t == nullptr) return ThreadStats{};
        const kernel::ThreadStats of = kernel::ThreadStatsOf(t);
        return ThreadStats{of.sched.user_ns + of.sched.kernel_ns,
                           of.sched.rt_budget_used_ns,
                           of.sched.deadline_misses,
                           of.sched.switches,
                           of.cpu,
                           of.real_time ? 1u : 0u};
      });
      return CopyOutRecord(stats, buffer, actual);
    }
    case InfoTopic::kProcessState: {
      if (entry.object->type() != ObjectType::kProcess) return Status::kWrongType;
      auto& process = static_cast<Process&>(*entry.object);
      const ProcessState state{process.id(), process.cpu_time_ns(), ContractEnd(process.end()),
                               process.exit_code()};
      return CopyOutRecord(state, buffer, actual);
    }
    case InfoTopic::kSystemMemory: {
      if (entry.object->type() != ObjectType::kProcess) return Status::kWrongType;
      const PhysicalMemoryStats pages = PhysicalPages().stats();
      const SystemMemory memory{pages.TotalPages() * kPageSize4K, pages.free_pages * kPageSize4K};
      return CopyOutRecord(memory, buffer, actual);
    }
    case InfoTopic::kFramebuffer: {
      // Any resource may ask: the description names no right to touch the pixels (that takes
      // an mmio resource covering them, and memory_create_physical).
      if (entry.object->type() != ObjectType::kResource) return Status::kWrongType;
      const boot::Framebuffer& fb = GetBootInfo().handoff->framebuffer;
      if (fb.format == boot::PixelFormat::kNone) return Status::kNotFound;
      const FramebufferInfo info{fb.base,
                                 fb.size,
                                 fb.width,
                                 fb.height,
                                 fb.pitch,
                                 fb.bits_per_pixel,
                                 static_cast<uint32_t>(fb.format),
                                 fb.red_mask,
                                 fb.green_mask,
                                 fb.blue_mask};
      return CopyOutRecord(info, buffer, actual);
    }
  }
  return Status::kInvalidArgument;
}

}  // namespace raeen::kernel::sys
