#pragma once
// A service's event loop: the clients svcmgr connects (libs/rae/service.h) and their
// requests, on one thread and one port. A service derives from Server and calls Serve:
//
//   class EchoServer final : public rae::Server {
//     void OnRequest(sys::Handle client, rstd::Bytes request,
//                    rstd::Span<const sys::HandleInfo> handles) override { ... }
//   };
//   int main() { EchoServer server; return static_cast<int>(rae::Serve(server)); }
//
// A server that also waits on its own objects (an interrupt, a timer) binds them to port()
// with keys that have kOwnKey set and gets their packets in OnPacket.

#include "libs/rstd/span.h"
#include "libs/rstd/status.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

inline constexpr size_t kMaxRequestBytes = 65536;
inline constexpr size_t kMaxRequestHandles = 8;
// Clients connected at once; svcmgr's next connection beyond this is closed at once.
inline constexpr size_t kMaxClients = 64;
// Port keys with this bit are the server's own (OnPacket); Serve uses the others.
inline constexpr uint64_t kOwnKey = uint64_t{1} << 63;

class Server {
 public:
  virtual ~Server() = default;

  // One message from `client`. The handles it carried are the server's now: close what it
  // does not keep. Reply with sys::ChannelWrite(client, ...), at once or later.
  virtual void OnRequest(sys::Handle client, rstd::Bytes request,
                         rstd::Span<const sys::HandleInfo> handles) = 0;
  // svcmgr connected `client` to this service under `name` (one of the names its manifest
  // provides), before any of its requests.
  virtual void OnClientConnected(sys::Handle client, rstd::StringView name) {
    (void)client;
    (void)name;
  }
  // `client` closed its end (or sent what no request can be); Serve closes the handle after.
  virtual void OnClientClosed(sys::Handle client) { (void)client; }
  // A packet for a key with kOwnKey that the server bound on port().
  virtual void OnPacket(const sys::PortPacket& packet) { (void)packet; }
  // When to call OnDeadline next (monotonic ns; INT64_MAX: never). Asked before each wait.
  virtual int64_t NextDeadline() { return INT64_MAX; }
  virtual void OnDeadline() {}

  // Serve's port, for the server's own bindings (valid once Serve has begun).
  sys::Handle port() const { return port_; }

 private:
  friend Status Serve(Server& server);
  sys::Handle port_ = sys::kInvalidHandle;
};

// Runs `server` until svcmgr closes the bootstrap channel (kPeerClosed) or the port fails.
// Reads svcmgr's start message first if nobody did (StartInfo). A client whose request
// cannot be read (more than kMaxRequestHandles handles) is disconnected.
Status Serve(Server& server);

}  // namespace raeen::rae
