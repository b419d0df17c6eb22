// The reader of shm.transfer: maps the memory object it is sent and, for each call, reads the
// whole block (a sum over every 8 bytes) and answers with the sum.

#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
namespace sys = raeen::sys;

int main() {
  constexpr uint64_t kBlock = 1 << 20;
  const sys::Handle channel = raeen::rae::BootstrapChannel();
  sys::HandleInfo handle{};
  sys::MessageSize size{};
  if (raeen::rae::WaitAndRead(channel, nullptr, 0, &handle, 1, &size) != Status::kOk ||
      size.handles != 1) {
    return 1;
  }
  uint64_t address = 0;
  if (sys::VmMap(raeen::rae::SelfAddressSpace(), handle.handle, 0, kBlock, sys::VmPerms::kRead,
                 &address) != Status::kOk) {
    return 2;
  }
  const auto* words = reinterpret_cast<const uint64_t*>(address);
  uint64_t sum = 0;
  uint8_t request = 0;
  sys::ChannelCallArgs args = raeen::rae::BytesCall(&sum, 0, &request, sizeof(request));
  for (;;) {
    const Status next = sys::ChannelReplyAndWait(channel, channel, &args, &size);
    if (next == Status::kPeerClosed) return 0;
    if (next != Status::kOk) return 3;
    sum = 0;
    for (uint64_t i = 0; i < kBlock / 8; ++i) sum += words[i];
    args.write_bytes_size = sizeof(sum);
  }
}
