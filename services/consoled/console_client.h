#pragma once
// A client of the console service (services/contracts/console.ridl), for programs svcmgr
// started with `lookup = console`. If consoled dies (kPeerClosed), the next call connects
// again through svcmgr, which hands the new channel to the restarted instance.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscalls.h"

namespace raeen::consoled {

class ConsoleClient {
 public:
  ConsoleClient() = default;
  ConsoleClient(const ConsoleClient&) = delete;
  ConsoleClient& operator=(const ConsoleClient&) = delete;
  ~ConsoleClient();

  // Writes `text` (in pieces of at most 4096 bytes). Errors: rae::Connect's, the channel's,
  // the server's status, kCorrupt for a malformed reply.
  Status Write(rstd::StringView text);

  // Waits for input and returns 1 .. `capacity` (at most 256) bytes. Errors: as Write, and
  // kBadState when another program's read is waiting at the console.
  Result<size_t> Read(uint8_t* out, size_t capacity);

 private:
  // A call with one reconnection when the service went away meanwhile. The request carries
  // transaction_ (NextTransaction() made it); a reply with another id is kCorrupt.
  Status Call(const uint8_t* request, size_t request_size, uint8_t* reply, size_t reply_capacity,
              size_t* reply_size);
  Status EnsureConnected();
  uint32_t NextTransaction() { return ++transaction_; }

  sys::Handle channel_ = 0;
  uint32_t transaction_ = 0;
};

}  // namespace raeen::consoled
