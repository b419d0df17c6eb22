// ipc.round_trip: channel_call to a server process that answers with
// channel_reply_and_wait, 8 bytes each way; each sample is one call, timed in ring 3 with the
// TSC and converted with the kernel's monotonic clock. The threads are not pinned (thread
// affinity from user space is not there yet), so calls run on whichever CPUs the scheduler
// picks.

#include "apps/bench/user_timing.h"
#include "libs/rae/channel.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
namespace sys = raeen::sys;

namespace {

constexpr size_t kSamples = 100'000;
constexpr size_t kWarmUp = 1'000;
uint64_t samples[kSamples];

}  // namespace

int main() {
  auto server = raeen::rae::StartChild("bin/bench_ipc_server", "bench_ipc_server", 0);
  if (!server.ok()) return 13;
  const sys::Handle ours = server->channel;

  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  // ipc.write_read: the same 8 bytes written and read back by one thread (no wake-up, no
  // switch): what the channel path itself costs.
  {
    sys::Handle a = 0;
    sys::Handle b = 0;
    if (sys::ChannelCreate(&a, &b) != Status::kOk) return 16;
    raeen::apps::TscToNs clock;
    for (size_t i = 0; i < kSamples / 10; ++i) {
      const uint64_t before = raeen::apps::Tsc();
      (void)sys::ChannelWrite(a, &request, sizeof(request), nullptr, 0);
      (void)sys::ChannelRead(b, &reply, sizeof(reply), nullptr, 0, &size);
      samples[i] = raeen::apps::Tsc() - before;
    }
    clock.Finish();
    raeen::apps::PrintDistribution("ipc.write_read", clock, samples, kSamples / 10);
    (void)sys::HandleClose(a);
    (void)sys::HandleClose(b);
  }
  const sys::ChannelCallArgs args{reinterpret_cast<uint64_t>(&request), sizeof(request), 0, 0,
                                  reinterpret_cast<uint64_t>(&reply), sizeof(reply), 0, 0,
                                  raeen::rae::kForever};
  for (size_t i = 0; i < kWarmUp; ++i) {
    if (sys::ChannelCall(ours, &args, &size) != Status::kOk) return 14;
  }
  raeen::apps::TscToNs clock;
  for (size_t i = 0; i < kSamples; ++i) {
    request = i;
    const uint64_t before = raeen::apps::Tsc();
    const Status called = sys::ChannelCall(ours, &args, &size);
    samples[i] = raeen::apps::Tsc() - before;
    if (called != Status::kOk || reply != i + 1) return 15;
  }
  clock.Finish();
  raeen::apps::PrintDistribution("ipc.round_trip", clock, samples, kSamples);
  (void)sys::HandleClose(ours);
  uint32_t observed = 0;
  (void)sys::ObjectWaitOne(server->process, sys::Signals::kTerminated, raeen::rae::kForever,
                           &observed);
  return 0;
}
