#pragma once
// svcmgr's running state: one Task per manifest, the processes it started, their directory
// channels, and the names they provide. Everything runs on svcmgr's one thread, driven by one
// port (ARCHITECTURE.md §7):
//   - a service's process ends: log how, then restart it after its backoff or stop it;
//   - a program asks on its directory channel (svc.ridl Svc): connect it to a name it may
//     look up, report a task, restart or kill (with `control = yes`);
//   - a restart is due.
// A client's connection to a service that is restarting waits in svcmgr until the service is
// up again.

#include "libs/rae/bootstrap.h"
#include "raeen/protocols/svc.h"
#include "services/svcmgr/manifest.h"
#include "services/svcmgr/restart_backoff.h"

namespace raeen::svcmgr {

class Supervisor {
 public:
  static constexpr size_t kMaxTasks = 32;
  // Connections queued for a service that is not up, per service.
  static constexpr size_t kMaxPending = 16;

  Supervisor(const rae::BootHandles& boot, rstd::Bytes initrd, sys::Handle port)
      : boot_(boot), initrd_(initrd), port_(port) {}

  // Adds a manifest (checked against the ones before: unique name and provided names, known
  // capabilities). Errors: kAlreadyExists, kNotFound (a capability), kNoMemory (full).
  Result<void> Add(const Manifest& manifest);

  // Starts every boot-mode task, then the manual ones `extra` names (comma-separated).
  void StartAll(rstd::StringView extra);

  // Waits for and handles one event. Returns false if the port failed.
  bool Step();

 private:
  struct Pending {
    Name name;
    sys::Handle channel;
    uint32_t rights;  // what it came with, for a duplicate that keeps them
  };
  struct Task {
    Manifest manifest;
    protocol::svc::TaskState state = protocol::svc::TaskState::kStopped;
    sys::Handle process = sys::kInvalidHandle;
    sys::Handle bootstrap = sys::kInvalidHandle;  // svcmgr's end of the program's bootstrap
    sys::Handle directory = sys::kInvalidHandle;  // svcmgr's end of its directory channel
    uint64_t pid = 0;
    int64_t started_ns = 0;
    int64_t restart_at_ns = 0;
    uint32_t restarts = 0;
    uint32_t last_end = 0;
    int32_t exit_code = 0;
    uint64_t last_cpu_ns = 0;
    bool restart_requested = false;
    // svcmgr asked the kernel to end it: new connections wait for the next instance.
    bool ending = false;
    bool ever_started = false;
    RestartBackoff backoff;
    Pending pending[kMaxPending];
    size_t pending_count = 0;
  };

  Status Start(Task& task);
  // Writes grants and the start message to a fresh bootstrap channel.
  Status SendStart(Task& task, sys::Handle bootstrap, sys::Handle directory_theirs);
  void OnEnded(Task& task);
  void StartDue();
  void ServeDirectory(Task& task);
  // Answers one request; the reply goes into `reply`. Returns its size (0: none).
  size_t Answer(Task& task, rstd::Bytes request, rstd::Span<const sys::HandleInfo> handles,
                rstd::Span<uint8_t> reply);
  Status Connect(Task& from, rstd::StringView name, sys::Handle channel, uint32_t rights);
  Status Restart(Task& from, rstd::StringView name);
  Status Kill(Task& from, uint64_t pid);
  protocol::svc::TaskAtReply Report(uint32_t index);
  // Passes queued connections to a service that is up; closes them if it stays down.
  void FlushPending(Task& task);
  void DropPending(Task& task);
  Task* FindProvider(rstd::StringView name);
  Task* FindByName(rstd::StringView name);

  const rae::BootHandles boot_;
  const rstd::Bytes initrd_;
  const sys::Handle port_;
  Task tasks_[kMaxTasks];
  size_t count_ = 0;
};

}  // namespace raeen::svcmgr
