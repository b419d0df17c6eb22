// ipc.channel, the server side (started by ipc_channel): checks the handle it was sent, then
// answers "add a b" calls with channel_reply_and_wait until its peer closes.

#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

// "add 2 3" -> 5; -1 for anything else.
int64_t Add(raeen::rstd::StringView request) {
  if (!request.starts_with("add ")) return -1;
  int64_t sum = 0;
  int64_t term = 0;
  bool digits = false;
  for (char c : request.substr(4)) {
    if (c >= '0' && c <= '9') {
      term = term * 10 + (c - '0');
      digits = true;
    } else if (c == ' ' && digits) {
      sum += term;
      term = 0;
      digits = false;
    } else {
      return -1;
    }
  }
  return sum + term;
}

}  // namespace

int main() {
  const sys::Handle channel = raeen::rae::BootstrapChannel();
  char bytes[64];
  sys::HandleInfo handles[4];
  sys::MessageSize size{};
  if (raeen::rae::WaitAndRead(channel, bytes, sizeof(bytes), handles, 4, &size) != Status::kOk ||
      size.handles != 1) {
    return 1;
  }
  const sys::HandleInfo& memory = handles[0];
  char secret[32] = {};
  const Status read = sys::MemoryRead(memory.handle, secret, 13, 0);
  const Status write = sys::MemoryWrite(memory.handle, "x", 1, 0);
  Print("ipc_child: got '{}' and a handle: type {} rights {:#x}",
        raeen::rstd::StringView(bytes, size.bytes), memory.type, memory.rights);
  char reply[64];
  const raeen::rstd::StringView text =
      raeen::rstd::FormatTo(reply, sizeof(reply), "read {} '{}', write {}", StatusName(read),
                            raeen::rstd::StringView(secret, 13), StatusName(write));
  if (sys::ChannelWrite(channel, text.data(), text.size(), nullptr, 0) != Status::kOk) return 2;

  // The server loop: each step replies to the last request and waits for the next.
  char answer[32];
  raeen::rstd::StringView last;
  for (int served = 0;; ++served) {
    sys::ChannelCallArgs args =
        raeen::rae::BytesCall(last.data(), last.size(), bytes, sizeof(bytes));
    const Status next = sys::ChannelReplyAndWait(channel, channel, &args, &size);
    if (next == Status::kPeerClosed) {
      Print("ipc_child: peer closed after {} calls", served);
      return 0;
    }
    if (next != Status::kOk) {
      Print("ipc_child: reply_and_wait: {}", StatusName(next));
      return 3;
    }
    last = raeen::rstd::FormatTo(answer, sizeof(answer), "{}",
                                 Add(raeen::rstd::StringView(bytes, size.bytes)));
  }
}
