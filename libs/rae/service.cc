#include "libs/rae/service.h"

#include "libs/rae/channel.h"
#include "libs/rae/runtime.h"
#include "raeen/protocols/svc.h"
#include "raeen/protocols/svc_bootstrap.h"

namespace raeen::rae {

namespace {

namespace boot = protocol::svc_bootstrap;
namespace svc = protocol::svc;

constexpr size_t kMaxGrants = 16;
constexpr size_t kMaxName = 32;

struct Grant {
  char name[kMaxName];
  size_t name_size;
  sys::Handle handle;  // kInvalidHandle once taken
};

// What the start sequence left, filled once. Programs call these from one thread at a time
// (the directory channel carries one call at a time).
struct StartState {
  bool started = false;
  char name[kMaxName];
  size_t name_size = 0;
  char args[256];
  size_t args_size = 0;
  sys::Handle directory = sys::kInvalidHandle;
  Grant grants[kMaxGrants];
  size_t grant_count = 0;
  uint32_t next_transaction = 1;
  // The last reply; decoded replies' strings point into it until the next call.
  uint8_t reply[protocol::svc::TaskAtReply::kMaxBytes];
};
StartState state;

void CloseAll(const sys::HandleInfo* handles, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) (void)sys::HandleClose(handles[i].handle);
}

void Copy(rstd::StringView from, char* to, size_t capacity, size_t* size) {
  *size = rstd::Min(from.size(), capacity);
  __builtin_memcpy(to, from.data(), *size);
}

// The grant named `name`, once.
Result<sys::Handle> TakeGrant(rstd::StringView name) {
  for (size_t i = 0; i < state.grant_count; ++i) {
    Grant& grant = state.grants[i];
    if (grant.handle == sys::kInvalidHandle ||
        rstd::StringView(grant.name, grant.name_size) != name) {
      continue;
    }
    const sys::Handle handle = grant.handle;
    grant.handle = sys::kInvalidHandle;
    return handle;
  }
  return Error(Status::kNotFound);
}

// The manifest's CPUs and real-time reservation, for the thread reading the start message
// (the first one, as a rule). A refusal is reported, and the program runs on without it.
void ApplyScheduling(const boot::StartRequest& start) {
  if (start.affinity == 0 && start.rt_budget_ns == 0) return;
  sys::Handle self = sys::kInvalidHandle;
  if (Status got = sys::ThreadSelf(&self); got != Status::kOk) {
    Print("{}: thread_self: {}", start.name, StatusName(got));
    return;
  }
  if (start.affinity != 0) {
    if (Status set = sys::SchedSetAffinity(self, start.affinity); set != Status::kOk) {
      Print("{}: the manifest's cpus: {}", start.name, StatusName(set));
    }
  }
  if (start.rt_budget_ns != 0) {
    Result<sys::Handle> cpu = TakeGrant("cpu-realtime");
    const Status set = cpu.ok() ? sys::SchedSetRealtime(self, *cpu, start.rt_budget_ns,
                                                        start.rt_period_ns, start.rt_cpu)
                                : cpu.status();
    if (set != Status::kOk) Print("{}: the manifest's realtime: {}", start.name, StatusName(set));
    if (cpu.ok()) (void)sys::HandleClose(*cpu);
  }
  (void)sys::HandleClose(self);
}

// Reads grants until the start message. A grant past kMaxGrants is closed (the manifest
// parser allows no more).
Status ReadStartSequence() {
  uint8_t bytes[boot::StartRequest::kMaxBytes > boot::GrantRequest::kMaxBytes
                    ? boot::StartRequest::kMaxBytes
                    : boot::GrantRequest::kMaxBytes];
  sys::HandleInfo handles[1];
  for (;;) {
    sys::MessageSize size{};
    const Status read = WaitAndRead(BootstrapChannel(), bytes, sizeof(bytes), handles, 1, &size);
    if (read != Status::kOk) return read == Status::kBufferTooSmall ? Status::kCorrupt : read;
    const rstd::Bytes message(bytes, size.bytes);
    const rstd::Span<const sys::HandleInfo> received(handles, size.handles);
    Result<ridl::MessageHeader> header = ridl::PeekHeader(message);
    if (header.ok() && header->ordinal == boot::GrantRequest::kOrdinal) {
      Result<boot::GrantRequest> grant = boot::DecodeGrantRequest(message, received);
      if (!grant.ok()) {
        CloseAll(handles, size.handles);
        return Status::kCorrupt;
      }
      if (state.grant_count == kMaxGrants) {
        (void)sys::HandleClose(grant->capability);
        continue;
      }
      Grant& slot = state.grants[state.grant_count++];
      Copy(grant->name, slot.name, sizeof(slot.name), &slot.name_size);
      slot.handle = grant->capability;
      continue;
    }
    Result<boot::StartRequest> start = boot::DecodeStartRequest(message, received);
    if (!start.ok()) {
      CloseAll(handles, size.handles);
      return Status::kCorrupt;
    }
    Copy(start->name, state.name, sizeof(state.name), &state.name_size);
    Copy(start->args, state.args, sizeof(state.args), &state.args_size);
    state.directory = start->directory;
    state.started = true;
    ApplyScheduling(*start);
    return Status::kOk;
  }
}

// One request on the directory channel and its reply. The request's handles leave this
// process whatever happens.
template <typename Request, typename Reply>
Result<Reply> Call(const Request& request,
                   Result<Reply> (*decode)(rstd::Bytes, rstd::Span<const ridl::HandleInfo>)) {
  uint32_t out_handles[Request::kMaxHandles > 0 ? Request::kMaxHandles : 1];
  const auto close_handles = [&] {
    if constexpr (Request::kMaxHandles > 0) (void)sys::HandleClose(request.channel);
  };
  if (!state.started) {
    if (Status started = ReadStartSequence(); started != Status::kOk) {
      close_handles();
      return Error(started);
    }
  }
  uint8_t out[Request::kMaxBytes];
  Result<ridl::Encoded> encoded =
      Encode(request, state.next_transaction++, rstd::Span<uint8_t>(out, sizeof(out)),
             rstd::Span<uint32_t>(out_handles, Request::kMaxHandles));
  if (!encoded.ok()) {
    close_handles();
    return Error(encoded.status());
  }
  sys::ChannelCallArgs args = BytesCall(out, encoded->bytes, state.reply, sizeof(state.reply));
  args.write_handles = reinterpret_cast<uint64_t>(out_handles);
  args.write_handles_count = encoded->handles;
  sys::MessageSize size{};
  if (Status called = sys::ChannelCall(state.directory, &args, &size); called != Status::kOk) {
    return Error(called);
  }
  return decode(rstd::Bytes(state.reply, size.bytes), rstd::Span<const ridl::HandleInfo>());
}

// The status a reply carries, or the call's own error.
template <typename Reply>
Status StatusOf(const Result<Reply>& reply) {
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

}  // namespace

Status StatusFromWire(int32_t raw) {
  const auto status = static_cast<Status>(raw);
  // StatusName knows exactly the declared values (it is generated with the enum).
  return rstd::StringView(StatusName(status)) == "unknown-status" ? Status::kCorrupt : status;
}

Result<ServiceInfo> StartInfo() {
  if (!state.started) {
    if (Status started = ReadStartSequence(); started != Status::kOk) return Error(started);
  }
  return ServiceInfo{rstd::StringView(state.name, state.name_size),
                     rstd::StringView(state.args, state.args_size)};
}

sys::Handle DirectoryChannel() {
  return state.directory;
}

Result<sys::Handle> TakeCapability(rstd::StringView name) {
  RAEEN_TRY(StartInfo());
  return TakeGrant(name);
}

Result<sys::Handle> Connect(rstd::StringView name) {
  sys::Handle ours = sys::kInvalidHandle;
  sys::Handle theirs = sys::kInvalidHandle;
  if (Status created = sys::ChannelCreate(&ours, &theirs); created != Status::kOk) {
    return Error(created);
  }
  const Status connected =
      StatusOf(Call(svc::ConnectRequest{name, theirs}, &svc::DecodeConnectReply));
  if (connected != Status::kOk) {
    (void)sys::HandleClose(ours);
    return Error(connected);
  }
  return ours;
}

Result<TaskEntry> TaskAt(uint32_t index) {
  RAEEN_TRY(svc::TaskAtReply reply, Call(svc::TaskAtRequest{index}, &svc::DecodeTaskAtReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  TaskEntry entry{};
  size_t name_size = 0;
  Copy(reply.name, entry.name, sizeof(entry.name) - 1, &name_size);
  entry.name[name_size] = '\0';
  entry.pid = reply.pid;
  entry.service = reply.service;
  entry.state = static_cast<TaskState>(reply.state);
  entry.cpu_ns = reply.cpu_ns;
  entry.memory_bytes = reply.memory_bytes;
  entry.restarts = reply.restarts;
  entry.last_end = reply.last_end;
  entry.exit_code = reply.exit_code;
  return entry;
}

Status RestartService(rstd::StringView name) {
  return StatusOf(Call(svc::RestartRequest{name}, &svc::DecodeRestartReply));
}

Status KillTask(uint64_t pid) {
  return StatusOf(Call(svc::KillRequest{pid}, &svc::DecodeKillReply));
}

Result<SystemMemory> QuerySystemMemory() {
  sys::SystemMemory memory{};
  uint64_t actual = 0;
  if (Status got = sys::ObjectGetInfo(SelfProcess(), sys::InfoTopic::kSystemMemory, &memory,
                                      sizeof(memory), &actual);
      got != Status::kOk) {
    return Error(got);
  }
  return SystemMemory{memory.total_bytes, memory.free_bytes};
}

}  // namespace raeen::rae
