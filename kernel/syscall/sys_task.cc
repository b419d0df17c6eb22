// process_spawn, thread_create, task_kill, thread_self.

#include "kernel/mm/alloc_checker.h"
#include "kernel/object/channel.h"
#include "kernel/object/memory_object.h"
#include "kernel/process/program_loader.h"
#include "kernel/process/user_layout.h"
#include "kernel/syscall/syscall_support.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

using ::raeen::sys::SpawnOptions;

namespace {

// process_spawn and thread_create name lengths (the contract's limit).
constexpr uint64_t kMaxNameBytes = 64;
// A program image is read into one kernel buffer; larger images are refused.
constexpr uint64_t kMaxImageBytes = 16ull << 20;

Status CopyName(UserBytesIn name, char (&into)[kMaxNameBytes], size_t* size) {
  if (name.count > kMaxNameBytes) return Status::kOutOfRange;
  if (Status copied = CopyIn(into, name.address, name.count); copied != Status::kOk) {
    return copied;
  }
  *size = name.count;
  return Status::kOk;
}

bool IsUserAddress(uint64_t address) { return address >= kUserBase && address <= kUserTop; }

}  // namespace

Status ProcessSpawn(UserIn<SpawnArgs> args, UserOut<HandleValue> process,
                    UserOut<HandleValue> address_space) {
  SpawnArgs spawn{};
  if (Status copied = CopyIn(&spawn, args); copied != Status::kOk) return copied;
  if ((spawn.options & ~SpawnOptions::kAll) != 0 || spawn.reserved != 0) {
    return Status::kInvalidArgument;
  }
  Process& caller = Caller();
  // A child may be held tighter than its spawner, never looser.
  const ProcessLimits& own = caller.limits();
  const ProcessLimits limits{
      spawn.memory_limit != 0 ? spawn.memory_limit : own.memory_bytes,
      spawn.handle_limit != 0 ? spawn.handle_limit : own.handles,
      spawn.thread_limit != 0 ? spawn.thread_limit : own.threads};
  if (limits.memory_bytes > own.memory_bytes || limits.handles > own.handles ||
      limits.threads > own.threads) {
    return Status::kOutOfRange;
  }
  char name[kMaxNameBytes];
  size_t name_size = 0;
  if (Status copied = CopyName(UserBytesIn{spawn.name, spawn.name_size}, name, &name_size);
      copied != Status::kOk) {
    return copied;
  }
  RAEEN_TRY_STATUS(RefPtr<MemoryObject> image,
                   LookUp<MemoryObject>(spawn.image, kSpawnArgsImageType, kSpawnArgsImageRights));
  // Check the bootstrap end now, take it only once the program loaded.
  if (spawn.bootstrap != kInvalidHandle) {
    Result<HandleEntry> bootstrap = caller.WithHandles([&](HandleTable& table) {
      return table.Get(spawn.bootstrap, kSpawnArgsBootstrapType, kSpawnArgsBootstrapRights);
    });
    if (!bootstrap.ok()) return bootstrap.status();
  }
  if (caller.WithHandles([](HandleTable& t) { return t.capacity() - t.count(); }) < 2) {
    return Status::kQuotaExceeded;
  }
  const uint64_t image_size = image->size();
  if (image_size > kMaxImageBytes) return Status::kCorrupt;
  AllocChecker checker;
  auto* file = new (checker) uint8_t[image_size];
  if (!checker.Check()) return Status::kNoMemory;
  Status loaded = Status::kOk;
  if (!image->Read(0, file, image_size).ok()) loaded = Status::kCorrupt;
  HandleEntry bootstrap;
  if (loaded == Status::kOk && spawn.bootstrap != kInvalidHandle) {
    Result<HandleEntry> taken =
        caller.WithHandles([&](HandleTable& table) { return table.Take(spawn.bootstrap); });
    if (taken.ok()) {
      bootstrap = rstd::Move(*taken);
    } else {
      loaded = taken.status();
    }
  }
  Result<SpawnedProgram> spawned =
      loaded != Status::kOk
          ? Result<SpawnedProgram>(Error(loaded))
          : SpawnProgram(rstd::StringView(name, name_size), rstd::Bytes(file, image_size),
                         limits, rstd::Move(bootstrap),
                         (spawn.options & SpawnOptions::kAllowDebugWrite) != 0);
  delete[] file;
  if (!spawned.ok()) {
    // ElfImage's statuses for a bad file all mean "not a program": corrupt, as documented.
    const Status status = spawned.status();
    return status == Status::kUnsupported || status == Status::kAccessDenied ? Status::kCorrupt
                                                                              : status;
  }
  RefPtr<AddressSpace> space = RefPtr<AddressSpace>::Share(&spawned->process->address_space());
  if (Status published = PublishHandle(spawned->process, Process::kDefaultRights, process);
      published != Status::kOk) {
    spawned->process->Kill(kernel::ProcessEnd::kKilled, -1);
    return published;
  }
  return PublishHandle(rstd::Move(space), AddressSpace::kDefaultRights, address_space);
}

Status ThreadCreate(HandleValue process, UserBytesIn name, UserIn<ThreadStart> start,
                    UserOut<HandleValue> thread) {
  RAEEN_TRY_STATUS(RefPtr<Process> target, LookUp<Process>(process, kThreadCreateProcessType,
                                                           kThreadCreateProcessRights));
  char text[kMaxNameBytes];
  size_t text_size = 0;
  if (Status copied = CopyName(name, text, &text_size); copied != Status::kOk) return copied;
  ThreadStart where{};
  if (Status copied = CopyIn(&where, start); copied != Status::kOk) return copied;
  if (!IsUserAddress(where.entry) || !IsUserAddress(where.stack_top)) {
    return Status::kInvalidArgument;
  }
  if (Caller().WithHandles([](HandleTable& t) { return t.capacity() - t.count(); }) < 1) {
    return Status::kQuotaExceeded;
  }
  RAEEN_TRY_STATUS(RefPtr<UserThread> created,
                   target->StartThread(rstd::StringView(text, text_size), where.entry,
                                       where.stack_top, where.arg, 0, 0));
  return PublishHandle(rstd::Move(created), UserThread::kDefaultRights, thread);
}

Status TaskKill(HandleValue task) {
  RAEEN_TRY_STATUS(HandleEntry entry, LookUpAny(task, Rights()));
  switch (entry.object->type()) {
    case ObjectType::kProcess:
    case ObjectType::kThread: break;
    default: return Status::kWrongType;
  }
  if (!entry.rights.Has(kTaskKillTaskRights)) return Status::kAccessDenied;
  if (entry.object->type() == ObjectType::kProcess) {
    static_cast<Process&>(*entry.object).Kill(kernel::ProcessEnd::kKilled, -1);
  } else {
    static_cast<UserThread&>(*entry.object).Kill();
  }
  // The caller itself may be among the killed: it ends on its way out of this syscall.
  return Status::kOk;
}

Status ThreadSelf(UserOut<HandleValue> thread) {
  return PublishHandle(RefPtr<UserThread>::Share(UserThread::Current()),
                       UserThread::kDefaultRights, thread);
}

}  // namespace raeen::kernel::sys
