// The server of ipc.round_trip: answers each 8-byte request n with n + 1 until its client
// closes the channel.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
namespace sys = raeen::sys;

int main() {
  const sys::Handle channel = raeen::rae::BootstrapChannel();
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  sys::ChannelCallArgs args{reinterpret_cast<uint64_t>(&reply), 0, 0, 0,
                            reinterpret_cast<uint64_t>(&request), sizeof(request), 0, 0,
                            INT64_MAX};
  for (;;) {
    const Status next = sys::ChannelReplyAndWait(channel, channel, &args, &size);
    if (next == Status::kPeerClosed) return 0;
    if (next != Status::kOk) return 1;
    reply = request + 1;
    args.write_bytes_size = sizeof(reply);
  }
}
