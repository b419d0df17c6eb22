// The server of the ipc.round_trip benchmarks: its first message is the CPU mask its serving
// thread is bound to; that thread then answers each 8-byte request n with n + 1 until the
// client closes the channel. (A process's first thread has no handle of its own to bind, so
// the serving is done by a thread it starts.)

#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
namespace sys = raeen::sys;

namespace {

Status served = Status::kOk;
uint32_t bound = 0;  // set once the serving thread is bound to its CPUs

void Serve(uint64_t channel) {
  while (__atomic_load_n(&bound, __ATOMIC_ACQUIRE) == 0) asm volatile("pause");
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  sys::ChannelCallArgs args = raeen::rae::BytesCall(&reply, 0, &request, sizeof(request));
  for (;;) {
    const Status next =
        sys::ChannelReplyAndWait(static_cast<sys::Handle>(channel),
                                 static_cast<sys::Handle>(channel), &args, &size);
    if (next != Status::kOk) {
      served = next == Status::kPeerClosed ? Status::kOk : next;
      return;
    }
    reply = request + 1;
    args.write_bytes_size = sizeof(reply);
  }
}

}  // namespace

int main() {
  const sys::Handle channel = raeen::rae::BootstrapChannel();
  uint64_t cpu_mask = 0;
  sys::MessageSize size{};
  uint32_t observed = 0;
  if (sys::ObjectWaitOne(channel, sys::Signals::kReadable, INT64_MAX, &observed) != Status::kOk ||
      sys::ChannelRead(channel, &cpu_mask, sizeof(cpu_mask), nullptr, 0, &size) != Status::kOk) {
    return 1;
  }
  auto thread = raeen::rae::StartThread(&Serve, channel);
  if (!thread.ok()) return 2;
  if (sys::SchedSetAffinity(*thread, cpu_mask) != Status::kOk) return 3;
  __atomic_store_n(&bound, 1, __ATOMIC_RELEASE);
  if (sys::ObjectWaitOne(*thread, sys::Signals::kTerminated, INT64_MAX, &observed) !=
      Status::kOk) {
    return 4;
  }
  return served == Status::kOk ? 0 : 5;
}
