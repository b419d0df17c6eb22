#include "services/svcmgr/supervisor.h"

#include "libs/rae/initrd.h"
#include "libs/rae/runtime.h"
#include "libs/rae/service.h"
#include "raeen/protocols/svc_bootstrap.h"
#include "services/svcmgr/capabilities.h"

namespace raeen::svcmgr {

namespace {

namespace boot = protocol::svc_bootstrap;
namespace svc = protocol::svc;
using rae::Print;

// Port keys: (task index << 2) | what.
constexpr uint64_t kEnded = 1;
constexpr uint64_t kDirectory = 2;
constexpr uint32_t kChannelSignals = sys::Signals::kReadable | sys::Signals::kPeerClosed;
// Directory requests handled per wake-up of one program.
constexpr int kBurst = 8;

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

const char* EndName(uint32_t end) {
  switch (static_cast<sys::ProcessEnd>(end)) {
    case sys::ProcessEnd::kRunning: return "running";
    case sys::ProcessEnd::kExited: return "exited";
    case sys::ProcessEnd::kFaulted: return "faulted";
    case sys::ProcessEnd::kKilled: return "was killed";
  }
  return "ended";
}

sys::ProcessState StateOf(sys::Handle process) {
  sys::ProcessState state{};
  uint64_t actual = 0;
  (void)sys::ObjectGetInfo(process, sys::InfoTopic::kProcessState, &state, sizeof(state), &actual);
  return state;
}

// Encodes `message` into `bytes` and writes it with its handles (which leave svcmgr).
template <typename Message>
Status WriteMessage(sys::Handle channel, const Message& message) {
  uint8_t bytes[Message::kMaxBytes];
  uint32_t handles[Message::kMaxHandles > 0 ? Message::kMaxHandles : 1];
  Result<ridl::Encoded> encoded = Encode(message, 0, rstd::Span<uint8_t>(bytes, sizeof(bytes)),
                                         rstd::Span<uint32_t>(handles, Message::kMaxHandles));
  if (!encoded.ok()) return encoded.status();
  return sys::ChannelWrite(channel, bytes, encoded->bytes, handles, encoded->handles);
}

void Close(sys::Handle* handle) {
  if (*handle != sys::kInvalidHandle) (void)sys::HandleClose(*handle);
  *handle = sys::kInvalidHandle;
}

}  // namespace

Result<void> Supervisor::Add(const Manifest& manifest) {
  if (count_ == kMaxTasks) return Error(Status::kNoMemory);
  for (size_t i = 0; i < manifest.grants.count; ++i) {
    if (!IsKnownCapability(manifest.grants.names[i].view())) {
      Print("svcmgr: {}: no capability is called {}", manifest.name.view(),
            manifest.grants.names[i].view());
      return Error(Status::kNotFound);
    }
  }
  for (size_t t = 0; t < count_; ++t) {
    const Manifest& other = tasks_[t].manifest;
    if (other.name == manifest.name.view()) return Error(Status::kAlreadyExists);
    for (size_t i = 0; i < manifest.provides.count; ++i) {
      if (other.provides.Contains(manifest.provides.names[i].view())) {
        Print("svcmgr: {}: {} already provides {}", manifest.name.view(), other.name.view(),
              manifest.provides.names[i].view());
        return Error(Status::kAlreadyExists);
      }
    }
  }
  tasks_[count_++].manifest = manifest;
  return {};
}

void Supervisor::StartAll(rstd::StringView extra) {
  const int64_t began = Now();
  size_t started = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (tasks_[i].manifest.start == StartMode::kBoot && Start(tasks_[i]) == Status::kOk) {
      ++started;
    }
  }
  while (!extra.empty()) {
    const size_t comma = extra.find(',');
    const rstd::StringView name = extra.substr(0, comma);
    extra = comma == rstd::StringView::kNpos ? rstd::StringView() : extra.substr(comma + 1);
    Task* task = FindByName(name);
    if (task == nullptr) {
      Print("svcmgr: svc.start names {}, which has no manifest", name);
    } else if (task->state != svc::TaskState::kRunning && Start(*task) == Status::kOk) {
      ++started;
    }
  }
  Print("svcmgr: started {} services ({} manifests) in {} ms", started, count_,
        (Now() - began) / 1'000'000);
}

Status Supervisor::SendStart(Task& task, sys::Handle bootstrap, sys::Handle directory_theirs) {
  const Manifest& manifest = task.manifest;
  for (size_t i = 0; i < manifest.grants.count; ++i) {
    const rstd::StringView name = manifest.grants.names[i].view();
    Result<sys::Handle> capability = MintCapability(name, boot_);
    if (capability.status() == Status::kNotFound) {
      // Add() accepted only known names: this machine lacks the device (no framebuffer).
      // The service starts without it and copes, as it would on such hardware anyway.
      Print("svcmgr: {}: this machine has no {}; started without it", manifest.name.view(), name);
      continue;
    }
    if (!capability.ok()) {
      Print("svcmgr: {}: cannot make capability {}: {}", manifest.name.view(), name,
            StatusName(capability.status()));
      (void)sys::HandleClose(directory_theirs);
      return capability.status();
    }
    if (Status sent = WriteMessage(bootstrap, boot::GrantRequest{name, *capability});
        sent != Status::kOk) {
      (void)sys::HandleClose(*capability);
      (void)sys::HandleClose(directory_theirs);
      return sent;
    }
  }
  if (manifest.rt_budget_ns != 0) {
    // The reservation the manifest asks for: a cpu resource for that CPU alone.
    sys::Handle cpu = sys::kInvalidHandle;
    Status minted = sys::ResourceCreate(boot_.root_resource, sys::ResourceKind::kCpu,
                                        manifest.rt_cpu, 1, &cpu);
    if (minted == Status::kOk) {
      minted = WriteMessage(bootstrap, boot::GrantRequest{"cpu-realtime", cpu});
      if (minted != Status::kOk) (void)sys::HandleClose(cpu);
    }
    if (minted != Status::kOk) {
      Print("svcmgr: {}: cannot grant CPU {} for real time: {}", manifest.name.view(),
            manifest.rt_cpu, StatusName(minted));
      (void)sys::HandleClose(directory_theirs);
      return minted;
    }
  }
  const Status sent = WriteMessage(
      bootstrap, boot::StartRequest{manifest.name.view(), manifest.arguments(), directory_theirs,
                                    manifest.affinity, manifest.rt_budget_ns,
                                    manifest.rt_period_ns, manifest.rt_cpu});
  if (sent != Status::kOk) (void)sys::HandleClose(directory_theirs);
  return sent;
}

Status Supervisor::Start(Task& task) {
  const Manifest& manifest = task.manifest;
  const uint64_t index = static_cast<uint64_t>(&task - tasks_);
  sys::Handle theirs = sys::kInvalidHandle;
  sys::Handle directory_theirs = sys::kInvalidHandle;
  Status status = sys::ChannelCreate(&task.bootstrap, &theirs);
  if (status == Status::kOk) status = sys::ChannelCreate(&task.directory, &directory_theirs);
  if (status == Status::kOk) status = SendStart(task, task.bootstrap, directory_theirs);
  if (status == Status::kOk) {
    Result<sys::Handle> process = rae::SpawnFromInitrd(
        initrd_, manifest.binary_path(), manifest.name.view(), theirs,
        sys::SpawnOptions::kAllowDebugWrite,
        rae::SpawnLimits{manifest.memory_limit, manifest.handle_limit, manifest.thread_limit});
    status = process.status();
    if (process.ok()) {
      task.process = *process;
      theirs = sys::kInvalidHandle;  // it went with the spawn
    }
  }
  if (status == Status::kOk) {
    status =
        sys::ObjectWaitAsync(task.process, port_, (index << 2) | kEnded, sys::Signals::kTerminated);
  }
  if (status == Status::kOk) {
    status =
        sys::ObjectWaitAsync(task.directory, port_, (index << 2) | kDirectory, kChannelSignals);
  }
  Close(&theirs);
  if (status != Status::kOk) {
    Print("svcmgr: cannot start {} ({}): {}", manifest.name.view(), manifest.binary_path(),
          StatusName(status));
    if (task.process != sys::kInvalidHandle) (void)sys::TaskKill(task.process);
    Close(&task.process);
    Close(&task.bootstrap);
    Close(&task.directory);
    task.state = svc::TaskState::kStopped;
    DropPending(task);
    return status;
  }
  task.pid = StateOf(task.process).id;
  task.started_ns = Now();
  task.state = svc::TaskState::kRunning;
  if (task.ever_started) {
    ++task.restarts;
    Print("svcmgr: restarted {} (pid {}), restart {}", manifest.name.view(), task.pid,
          task.restarts);
  } else {
    Print("svcmgr: started {} (pid {})", manifest.name.view(), task.pid);
  }
  task.ever_started = true;
  FlushPending(task);
  return Status::kOk;
}

void Supervisor::OnEnded(Task& task) {
  const sys::ProcessState state = StateOf(task.process);
  const int64_t now = Now();
  task.last_end = static_cast<uint32_t>(state.end);
  task.exit_code = state.exit_code;
  task.last_cpu_ns = state.cpu_ns;
  Close(&task.process);
  Close(&task.bootstrap);
  Close(&task.directory);
  task.ending = false;
  const bool failed = state.end != sys::ProcessEnd::kExited || state.exit_code != 0;
  Print("svcmgr: {} (pid {}) {} with code {} after {} ms{}", task.manifest.name.view(), task.pid,
        EndName(task.last_end), state.exit_code, (now - task.started_ns) / 1'000'000,
        state.end == sys::ProcessEnd::kFaulted ? " (the kernel logged the fault report)" : "");
  task.pid = 0;
  RestartDecision decision;
  if (task.restart_requested) {
    task.restart_requested = false;
    task.backoff.Reset();
    decision = RestartDecision{true, 0};
  } else {
    decision = task.backoff.OnEnd(task.manifest.restart, failed, task.started_ns, now);
  }
  if (!decision.restart) {
    task.state = svc::TaskState::kStopped;
    Print("svcmgr: {} stays stopped ({})", task.manifest.name.view(),
          task.manifest.restart == RestartPolicy::kNever                  ? "restart = never"
          : !failed && task.manifest.restart == RestartPolicy::kOnFailure ? "it exited cleanly"
                                                                          : "it failed too often");
    DropPending(task);
    return;
  }
  task.state = svc::TaskState::kRestarting;
  task.restart_at_ns = now + decision.delay_ns;
  Print("svcmgr: restarting {} in {} ms", task.manifest.name.view(), decision.delay_ns / 1'000'000);
}

void Supervisor::StartDue() {
  const int64_t now = Now();
  for (size_t i = 0; i < count_; ++i) {
    Task& task = tasks_[i];
    if (task.state == svc::TaskState::kRestarting && task.restart_at_ns <= now) {
      (void)Start(task);
    }
  }
}

bool Supervisor::Step() {
  int64_t deadline = INT64_MAX;
  for (size_t i = 0; i < count_; ++i) {
    if (tasks_[i].state == svc::TaskState::kRestarting && tasks_[i].restart_at_ns < deadline) {
      deadline = tasks_[i].restart_at_ns;
    }
  }
  sys::PortPacket packet{};
  const Status waited = sys::PortWait(port_, deadline, &packet);
  if (waited == Status::kTimedOut) {
    StartDue();
    return true;
  }
  if (waited != Status::kOk) {
    Print("svcmgr: port_wait failed: {}", StatusName(waited));
    return false;
  }
  const size_t index = static_cast<size_t>(packet.key >> 2);
  if (index >= count_) return true;
  Task& task = tasks_[index];
  if ((packet.key & 3) == kEnded && task.process != sys::kInvalidHandle) OnEnded(task);
  if ((packet.key & 3) == kDirectory && task.directory != sys::kInvalidHandle) {
    ServeDirectory(task);
  }
  StartDue();
  return true;
}

void Supervisor::ServeDirectory(Task& task) {
  for (int i = 0; i < kBurst; ++i) {
    uint8_t request[svc::ConnectRequest::kMaxBytes + svc::TaskAtRequest::kMaxBytes];
    sys::HandleInfo handles[1];
    sys::MessageSize size{};
    const Status read =
        sys::ChannelRead(task.directory, request, sizeof(request), handles, 1, &size);
    if (read == Status::kShouldWait) break;
    if (read != Status::kOk) {
      // Gone (it ends soon, or closed its directory), or a message no request can be: this
      // program gets no more answers.
      if (read != Status::kPeerClosed) {
        Print("svcmgr: {} sent an oversized request ({}); its directory is closed",
              task.manifest.name.view(), StatusName(read));
      }
      Close(&task.directory);
      return;
    }
    uint8_t reply[svc::TaskAtReply::kMaxBytes];
    const size_t reply_size = Answer(task, rstd::Bytes(request, size.bytes),
                                     rstd::Span<const sys::HandleInfo>(handles, size.handles),
                                     rstd::Span<uint8_t>(reply, sizeof(reply)));
    if (reply_size != 0) (void)sys::ChannelWrite(task.directory, reply, reply_size, nullptr, 0);
  }
  const uint64_t index = static_cast<uint64_t>(&task - tasks_);
  if (sys::ObjectWaitAsync(task.directory, port_, (index << 2) | kDirectory, kChannelSignals) !=
      Status::kOk) {
    Close(&task.directory);
  }
}

size_t Supervisor::Answer(Task& task, rstd::Bytes request,
                          rstd::Span<const sys::HandleInfo> handles, rstd::Span<uint8_t> reply) {
  Result<ridl::MessageHeader> header = ridl::PeekHeader(request);
  const uint32_t transaction = header.ok() ? header->transaction_id : 0;
  const auto status_reply = [&](auto message, Status status) -> size_t {
    message.status = static_cast<int32_t>(status);
    Result<ridl::Encoded> encoded = Encode(message, transaction, reply, rstd::Span<uint32_t>());
    return encoded.ok() ? encoded->bytes : 0;
  };
  const uint32_t ordinal = header.ok() ? header->ordinal : 0;
  if (ordinal == svc::ConnectRequest::kOrdinal) {
    Result<svc::ConnectRequest> connect = svc::DecodeConnectRequest(request, handles);
    if (connect.ok()) {
      return status_reply(svc::ConnectReply{},
                          Connect(task, connect->name, connect->channel, handles[0].rights));
    }
  } else if (ordinal == svc::TaskAtRequest::kOrdinal) {
    Result<svc::TaskAtRequest> at = svc::DecodeTaskAtRequest(request, handles);
    if (at.ok()) {
      Result<ridl::Encoded> encoded =
          Encode(Report(at->index), transaction, reply, rstd::Span<uint32_t>());
      return encoded.ok() ? encoded->bytes : 0;
    }
  } else if (ordinal == svc::RestartRequest::kOrdinal) {
    Result<svc::RestartRequest> restart = svc::DecodeRestartRequest(request, handles);
    if (restart.ok()) return status_reply(svc::RestartReply{}, Restart(task, restart->name));
  } else if (ordinal == svc::KillRequest::kOrdinal) {
    Result<svc::KillRequest> kill = svc::DecodeKillRequest(request, handles);
    if (kill.ok()) return status_reply(svc::KillReply{}, Kill(task, kill->pid));
  }
  // Not a request svcmgr knows, or malformed: close what it carried and answer `corrupt` (the
  // caller's channel_call waits for some reply).
  for (const sys::HandleInfo& handle : handles) (void)sys::HandleClose(handle.handle);
  Print("svcmgr: {} sent a malformed request (ordinal {})", task.manifest.name.view(), ordinal);
  return status_reply(svc::ConnectReply{}, Status::kCorrupt);
}

Status Supervisor::Connect(Task& from, rstd::StringView name, sys::Handle channel,
                           uint32_t rights) {
  Task* provider = FindProvider(name);
  Status status = Status::kOk;
  if (!from.manifest.lookups.Contains(name)) {
    status = Status::kAccessDenied;
    Print("svcmgr: {} may not look up {} (not in its manifest)", from.manifest.name.view(), name);
  } else if (provider == nullptr) {
    status = Status::kNotFound;
  } else if (provider->state == svc::TaskState::kStopped) {
    status = Status::kBadState;
  } else if (provider->pending_count == kMaxPending) {
    status = Status::kShouldWait;
  }
  if (status != Status::kOk) {
    (void)sys::HandleClose(channel);
    return status;
  }
  Pending& pending = provider->pending[provider->pending_count++];
  (void)pending.name.Set(name);
  pending.channel = channel;
  pending.rights = rights;
  if (provider->state == svc::TaskState::kRunning && !provider->ending) FlushPending(*provider);
  return Status::kOk;
}

void Supervisor::FlushPending(Task& task) {
  size_t kept = 0;
  for (size_t i = 0; i < task.pending_count; ++i) {
    Pending& pending = task.pending[i];
    // A write takes the handles it carries even when it fails, so send a duplicate and keep
    // the original until one has gone through.
    sys::Handle copy = sys::kInvalidHandle;
    const bool duplicated =
        sys::HandleDuplicate(pending.channel, pending.rights, &copy) == Status::kOk;
    const Status sent =
        WriteMessage(task.bootstrap,
                     boot::ClientRequest{pending.name.view(), duplicated ? copy : pending.channel});
    if (!duplicated) continue;  // the original went, whatever happened
    if (sent == Status::kPeerClosed || sent == Status::kShouldWait) {
      // Its process has ended (the end is not handled yet) or reads nothing: the next
      // instance gets it.
      task.pending[kept++] = pending;
    } else {
      (void)sys::HandleClose(pending.channel);
    }
  }
  task.pending_count = kept;
}

void Supervisor::DropPending(Task& task) {
  for (size_t i = 0; i < task.pending_count; ++i) {
    (void)sys::HandleClose(task.pending[i].channel);
  }
  task.pending_count = 0;
}

Status Supervisor::Restart(Task& from, rstd::StringView name) {
  if (!from.manifest.control) return Status::kAccessDenied;
  Task* task = FindByName(name);
  if (task == nullptr) return Status::kNotFound;
  Print("svcmgr: {} asked to restart {}", from.manifest.name.view(), name);
  if (task->state == svc::TaskState::kRunning) {
    task->restart_requested = true;
    task->ending = true;
    return sys::TaskKill(task->process);
  }
  task->backoff.Reset();
  return Start(*task);
}

Status Supervisor::Kill(Task& from, uint64_t pid) {
  if (!from.manifest.control) return Status::kAccessDenied;
  for (size_t i = 0; i < count_; ++i) {
    Task& task = tasks_[i];
    if (task.state != svc::TaskState::kRunning || task.pid != pid) continue;
    Print("svcmgr: {} asked to kill {} (pid {})", from.manifest.name.view(),
          task.manifest.name.view(), pid);
    task.ending = true;
    return sys::TaskKill(task.process);
  }
  return Status::kNotFound;
}

svc::TaskAtReply Supervisor::Report(uint32_t index) {
  svc::TaskAtReply reply{};
  if (index > count_) {
    reply.status = static_cast<int32_t>(Status::kOutOfRange);
    return reply;
  }
  const sys::Handle process = index == 0 ? rae::SelfProcess() : tasks_[index - 1].process;
  if (index == 0) {
    reply.name = "svcmgr";
    reply.state = svc::TaskState::kRunning;
  } else {
    const Task& task = tasks_[index - 1];
    reply.name = task.manifest.name.view();
    reply.service = true;
    reply.state = task.state;
    reply.cpu_ns = task.last_cpu_ns;
    reply.restarts = task.restarts;
    reply.last_end = task.last_end;
    reply.exit_code = task.exit_code;
  }
  if (process != sys::kInvalidHandle) {
    const sys::ProcessState state = StateOf(process);
    reply.pid = state.id;
    reply.cpu_ns = state.cpu_ns;
    sys::ProcessUsage usage{};
    uint64_t actual = 0;
    if (sys::ObjectGetInfo(process, sys::InfoTopic::kProcessUsage, &usage, sizeof(usage),
                           &actual) == Status::kOk) {
      reply.memory_bytes = usage.memory_bytes;
    }
  }
  return reply;
}

Supervisor::Task* Supervisor::FindProvider(rstd::StringView name) {
  for (size_t i = 0; i < count_; ++i) {
    if (tasks_[i].manifest.provides.Contains(name)) return &tasks_[i];
  }
  return nullptr;
}

Supervisor::Task* Supervisor::FindByName(rstd::StringView name) {
  for (size_t i = 0; i < count_; ++i) {
    if (tasks_[i].manifest.name == name) return &tasks_[i];
  }
  return nullptr;
}

}  // namespace raeen::svcmgr
