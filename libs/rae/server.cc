#include "libs/rae/server.h"

#include "libs/rae/runtime.h"
#include "libs/rae/service.h"
#include "raeen/protocols/svc_bootstrap.h"

namespace raeen::rae {

namespace {

namespace boot = protocol::svc_bootstrap;

constexpr uint32_t kWatch = sys::Signals::kReadable | sys::Signals::kPeerClosed;
// Messages handled per wake-up of one client, so that one busy client cannot starve others.
constexpr int kBurst = 16;
// Port key of the bootstrap channel; a client's is (generation << 32) | (slot + 1).
constexpr uint64_t kBootstrapKey = 0;

struct Client {
  sys::Handle channel = sys::kInvalidHandle;
  uint32_t generation = 0;
};

// The loop's state: static, because a request buffer of 64 KiB does not belong on a stack.
struct Loop {
  Client clients[kMaxClients];
  uint8_t request[kMaxRequestBytes];
  sys::HandleInfo handles[kMaxRequestHandles];
};
Loop loop;

uint64_t KeyOf(size_t slot) {
  return (uint64_t{loop.clients[slot].generation} << 32) | (slot + 1);
}

void Drop(Server& server, size_t slot) {
  Client& client = loop.clients[slot];
  server.OnClientClosed(client.channel);
  (void)sys::HandleClose(client.channel);
  client.channel = sys::kInvalidHandle;
  ++client.generation;
}

void Accept(Server& server, sys::Handle channel, rstd::StringView name) {
  for (size_t slot = 0; slot < kMaxClients; ++slot) {
    Client& client = loop.clients[slot];
    if (client.channel != sys::kInvalidHandle) continue;
    client.channel = channel;
    server.OnClientConnected(channel, name);
    if (sys::ObjectWaitAsync(channel, server.port(), KeyOf(slot), kWatch) != Status::kOk) {
      Drop(server, slot);
    }
    return;
  }
  Print("server: more than {} clients; a new connection is closed", kMaxClients);
  (void)sys::HandleClose(channel);
}

// svcmgr's messages after the start: new clients. Returns kPeerClosed once svcmgr is gone.
Status ReadBootstrap(Server& server) {
  for (;;) {
    uint8_t bytes[boot::ClientRequest::kMaxBytes];
    sys::HandleInfo handles[1];
    sys::MessageSize size{};
    const Status read =
        sys::ChannelRead(BootstrapChannel(), bytes, sizeof(bytes), handles, 1, &size);
    if (read == Status::kShouldWait) break;
    if (read != Status::kOk) return read;
    Result<boot::ClientRequest> client = boot::DecodeClientRequest(
        rstd::Bytes(bytes, size.bytes), rstd::Span<const sys::HandleInfo>(handles, size.handles));
    if (!client.ok()) {
      for (uint32_t i = 0; i < size.handles; ++i) (void)sys::HandleClose(handles[i].handle);
      Print("server: a bootstrap message that is not a client: {}", StatusName(client.status()));
      continue;
    }
    Accept(server, client->channel, client->name);
  }
  return sys::ObjectWaitAsync(BootstrapChannel(), server.port(), kBootstrapKey, kWatch);
}

void ReadClient(Server& server, size_t slot) {
  Client& client = loop.clients[slot];
  for (int i = 0; i < kBurst; ++i) {
    sys::MessageSize size{};
    const Status read = sys::ChannelRead(client.channel, loop.request, sizeof(loop.request),
                                         loop.handles, kMaxRequestHandles, &size);
    if (read == Status::kShouldWait) break;
    if (read != Status::kOk) {  // peer-closed, or more handles than any request has
      Drop(server, slot);
      return;
    }
    server.OnRequest(client.channel, rstd::Bytes(loop.request, size.bytes),
                     rstd::Span<const sys::HandleInfo>(loop.handles, size.handles));
    if (client.channel == sys::kInvalidHandle) return;
  }
  if (sys::ObjectWaitAsync(client.channel, server.port(), KeyOf(slot), kWatch) != Status::kOk) {
    Drop(server, slot);
  }
}

}  // namespace

Status Serve(Server& server) {
  if (Result<ServiceInfo> info = StartInfo(); !info.ok()) return info.status();
  if (Status created = sys::PortCreate(&server.port_); created != Status::kOk) return created;
  if (Status bound = ReadBootstrap(server); bound != Status::kOk) return bound;
  for (;;) {
    const int64_t deadline = server.NextDeadline();
    sys::PortPacket packet{};
    const Status waited = sys::PortWait(server.port_, deadline, &packet);
    if (waited == Status::kTimedOut) {
      server.OnDeadline();
      continue;
    }
    if (waited != Status::kOk) return waited;
    if ((packet.key & kOwnKey) != 0) {
      server.OnPacket(packet);
    } else if (packet.key == kBootstrapKey) {
      if (Status read = ReadBootstrap(server); read != Status::kOk) return read;
    } else {
      const size_t slot = static_cast<size_t>(packet.key & 0xffffffff) - 1;
      // A packet for a client that was dropped since is stale.
      if (slot < kMaxClients && loop.clients[slot].channel != sys::kInvalidHandle &&
          loop.clients[slot].generation == static_cast<uint32_t>(packet.key >> 32)) {
        ReadClient(server, slot);
      }
    }
  }
}

}  // namespace raeen::rae
