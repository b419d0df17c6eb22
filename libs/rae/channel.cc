#include "libs/rae/channel.h"

namespace raeen::rae {

Status WaitAndRead(sys::Handle channel, void* bytes, size_t bytes_capacity,
                   sys::HandleInfo* handles, size_t handles_capacity, sys::MessageSize* size,
                   int64_t deadline_ns) {
  for (;;) {
    const Status read =
        sys::ChannelRead(channel, bytes, bytes_capacity, handles, handles_capacity, size);
    if (read != Status::kShouldWait) return read;
    uint32_t observed = 0;
    const Status waited = sys::ObjectWaitOne(
        channel, sys::Signals::kReadable | sys::Signals::kPeerClosed, deadline_ns, &observed);
    if (waited != Status::kOk) return waited;
  }
}

}  // namespace raeen::rae
