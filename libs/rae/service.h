#pragma once
// Programs that svcmgr starts (services/svcmgr): what svcmgr told them at their start, the
// capabilities their manifest grants, connections to services by name, and svcmgr's view of
// every program it runs. The messages are services/contracts/svc.ridl.
//
// A program's bootstrap channel carries svcmgr's grants, then its start message (with the
// directory channel these calls use), then, for a service, one message per new client
// (libs/rae/server.h reads those).

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

struct ServiceInfo {
  rstd::StringView name;  // the manifest's name
  rstd::StringView args;  // the manifest's arguments
};

// svcmgr's start message, read from the bootstrap channel at the first call (keeping the
// grants that came before it); the manifest's `cpus` and `realtime` are applied then to the
// calling thread, so a program calls this first (rae::Serve does). Errors: kCorrupt (not svcmgr's messages), the channel's
// (kPeerClosed: nobody sent a start).
Result<ServiceInfo> StartInfo();

// The program's end of its directory channel (svc.ridl Svc), for programs that speak the
// protocol themselves (tests); kInvalidHandle before the start message. Calls on it must not
// overlap the functions below.
sys::Handle DirectoryChannel();

// The capability the manifest granted under `name`; each can be taken once. Errors:
// kNotFound (not granted, or already taken), StartInfo's.
Result<sys::Handle> TakeCapability(rstd::StringView name);

// A new channel to the service that provides `name`: svcmgr passes the other end to it (if
// the service is being restarted, its next instance gets it). Errors: kNotFound (nobody
// provides it), kAccessDenied (the manifest may not look it up), kPeerClosed (svcmgr is
// gone), StartInfo's.
Result<sys::Handle> Connect(rstd::StringView name);

// Where a program svcmgr knows of stands (svc.ridl TaskState).
enum class TaskState : uint8_t { kRunning, kRestarting, kStopped };

struct TaskEntry {
  char name[33];  // NUL-terminated
  uint64_t pid;   // 0 while not running
  bool service;   // false for svcmgr itself
  TaskState state;
  uint64_t cpu_ns;
  uint64_t memory_bytes;
  uint32_t restarts;
  uint32_t last_end;  // a sys::ProcessEnd of its last ended process (0: none ended)
  int32_t exit_code;
};

// Program `index` in svcmgr's list: 0 is svcmgr, then the services in start order. Errors:
// kOutOfRange past the last, Connect's transport errors.
Result<TaskEntry> TaskAt(uint32_t index);

// Restarts the service `name` now. Errors: kNotFound, kAccessDenied (the manifest lacks
// `control = yes`).
Status RestartService(rstd::StringView name);

// Ends the process `pid` that svcmgr started (its restart policy applies). Errors: kNotFound,
// kAccessDenied (the manifest lacks `control = yes`).
Status KillTask(uint64_t pid);

struct SystemMemory {
  uint64_t total_bytes;
  uint64_t free_bytes;
};

// The whole system's memory (object_get_info(system_memory)).
Result<SystemMemory> QuerySystemMemory();

// A status that came over the wire as an i32: itself if it is a declared Status, else kCorrupt.
Status StatusFromWire(int32_t raw);

}  // namespace raeen::rae
