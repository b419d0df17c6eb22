// ipc.channel, the client side: starts ipc_child with one end of a channel, sends it bytes and
// a memory-object handle narrowed to read-only, makes calls, then closes its end so the child
// sees peer-closed. Every step prints what it saw; the runner checks the lines.

#include "libs/rae/channel.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr char kSecret[] = "shared secret";

// One channel_call: sends `request`, returns the reply's text in `reply`.
Status Call(sys::Handle channel, raeen::rstd::StringView request, char (&reply)[64],
            uint32_t* reply_size) {
  sys::MessageSize size{};
  const sys::ChannelCallArgs args =
      raeen::rae::BytesCall(request.data(), request.size(), reply, sizeof(reply));
  const Status status = sys::ChannelCall(channel, &args, &size);
  *reply_size = size.bytes;
  return status;
}

}  // namespace

int main() {
  sys::Handle ours = 0;
  sys::Handle theirs = 0;
  if (sys::ChannelCreate(&ours, &theirs) != Status::kOk) return 12;
  auto initrd = raeen::rae::BootInitrd();
  if (!initrd.ok()) return 11;
  auto child = raeen::rae::SpawnFromInitrd(*initrd, "bin/ipc_child", "ipc_child", theirs,
                                           sys::SpawnOptions::kAllowDebugWrite);
  if (!child.ok()) {
    Print("ipc_channel: cannot start ipc_child: {}", StatusName(child.status()));
    return 13;
  }
  // The bootstrap end went with the child.
  Print("ipc_channel: bootstrap end after spawn: {}", StatusName(sys::HandleClose(theirs)));

  sys::Handle memory = 0;
  if (sys::MemoryCreate(4096, 0, &memory) != Status::kOk) return 14;
  if (sys::MemoryWrite(memory, kSecret, sizeof(kSecret) - 1, 0) != Status::kOk) return 15;
  // Only what the child needs: read it, no write.
  sys::Handle read_only = 0;
  const uint32_t narrow = sys::HandleRights::kRead | sys::HandleRights::kTransfer |
                          sys::HandleRights::kGetProperty | sys::HandleRights::kDuplicate;
  if (sys::HandleDuplicate(memory, narrow, &read_only) != Status::kOk) return 16;
  // Rights only shrink: asking for more than the handle has is refused.
  sys::Handle wider = 0;
  Print("ipc_channel: duplicate with more rights: {}",
        StatusName(sys::HandleDuplicate(read_only, narrow | sys::HandleRights::kWrite, &wider)));

  const char ping[] = "ping";
  const sys::Handle sent[] = {read_only};
  if (Status wrote = sys::ChannelWrite(ours, ping, sizeof(ping) - 1, sent, 1);
      wrote != Status::kOk) {
    Print("ipc_channel: write failed: {}", StatusName(wrote));
    return 17;
  }
  Print("ipc_channel: sent handle after the write: {}", StatusName(sys::HandleClose(read_only)));

  char reply[64];
  sys::MessageSize size{};
  if (Status read = raeen::rae::WaitAndRead(ours, reply, sizeof(reply), nullptr, 0, &size);
      read != Status::kOk) {
    Print("ipc_channel: no reply: {}", StatusName(read));
    return 18;
  }
  Print("ipc_channel: child replied '{}'", raeen::rstd::StringView(reply, size.bytes));

  constexpr raeen::rstd::StringView kRequests[] = {"add 2 3", "add 40 2"};
  for (raeen::rstd::StringView request : kRequests) {
    uint32_t reply_size = 0;
    const Status called = Call(ours, request, reply, &reply_size);
    Print("ipc_channel: call '{}': {} '{}'", request, StatusName(called),
          raeen::rstd::StringView(reply, reply_size));
  }

  // Closing our end: the child sees peer-closed and exits.
  (void)sys::HandleClose(ours);
  uint32_t observed = 0;
  const Status ended =
      sys::ObjectWaitOne(*child, sys::Signals::kTerminated, raeen::rae::kForever, &observed);
  Print("ipc_channel: child terminated: {}", StatusName(ended));
  return 0;
}
