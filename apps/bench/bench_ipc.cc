// IPC benchmarks, 8 bytes each way, each sample timed in ring 3 with the TSC and converted
// with the kernel's monotonic clock:
//   ipc.write_read               one thread writes and reads back (no wake-up, no switch);
//   ipc.round_trip_same_cpu      channel_call to a server process answering with
//                                channel_reply_and_wait, both threads bound to CPU 0: the
//                                direct switch from caller to server and back;
//   ipc.round_trip_busy_cpu      the same beside a busy fair thread bound to that CPU;
//   ipc.round_trip_rt_same_cpu   the same CPU, the client real-time (8 ms every 10 ms): the
//                                server runs on the client's budget (budget donation);
//   ipc.round_trip_cross_cpu     client on CPU 0, server on CPU 1: a wake-up IPI each way.
// With one CPU the cross-CPU run is left out.

#include "apps/bench/user_timing.h"
#include "libs/rae/bootstrap.h"
#include "libs/rae/channel.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
namespace sys = raeen::sys;

namespace {

constexpr size_t kSamples = 100'000;
constexpr size_t kWarmUp = 1'000;
uint64_t samples[kSamples];

struct RoundTrip {
  const char* metric;
  uint32_t client_cpu;
  uint32_t server_cpu;
  bool busy;       // a fair thread spins on the client's CPU meanwhile
  bool real_time;  // the client is a real-time thread
};

constexpr RoundTrip kRoundTrips[] = {
    {"ipc.round_trip_same_cpu", 0, 0, false, false},
    {"ipc.round_trip_busy_cpu", 0, 0, true, false},
    {"ipc.round_trip_rt_same_cpu", 0, 0, false, true},
    {"ipc.round_trip_cross_cpu", 0, 1, false, false},
};

sys::Handle server_channel = 0;
uint32_t go = 0;         // the client thread is bound: start calling
uint32_t stop_busy = 0;  // the busy thread ends
Status client_result = Status::kOk;

void WaitFor(const uint32_t& flag) {
  while (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) == 0) asm volatile("pause");
}

void Busy(uint64_t) {
  WaitFor(go);
  while (__atomic_load_n(&stop_busy, __ATOMIC_ACQUIRE) == 0) asm volatile("pause");
}

void Client(uint64_t index) {
  WaitFor(go);
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  const sys::ChannelCallArgs args =
      raeen::rae::BytesCall(&request, sizeof(request), &reply, sizeof(reply));
  for (size_t i = 0; i < kWarmUp; ++i) {
    if ((client_result = sys::ChannelCall(server_channel, &args, &size)) != Status::kOk) return;
  }
  raeen::apps::TscToNs clock;
  for (size_t i = 0; i < kSamples; ++i) {
    request = i;
    const uint64_t before = raeen::apps::Tsc();
    client_result = sys::ChannelCall(server_channel, &args, &size);
    samples[i] = raeen::apps::Tsc() - before;
    if (client_result != Status::kOk) return;
    if (reply != i + 1) {
      client_result = Status::kCorrupt;
      return;
    }
  }
  clock.Finish();
  raeen::apps::PrintDistribution(kRoundTrips[index].metric, clock, samples, kSamples);
}

sys::Handle StartBound(raeen::rae::ThreadEntry entry, uint64_t argument, uint32_t cpu) {
  auto thread = raeen::rae::StartThread(entry, argument);
  if (!thread.ok()) return 0;
  if (sys::SchedSetAffinity(*thread, uint64_t{1} << cpu) != Status::kOk) return 0;
  return *thread;
}

void WaitEnded(sys::Handle handle) {
  uint32_t observed = 0;
  (void)sys::ObjectWaitOne(handle, sys::Signals::kTerminated, raeen::rae::kForever, &observed);
}

// One round-trip benchmark; 0 or the exit code that tells what failed. `cpus` is a cpu
// resource for the real-time client.
int RunRoundTrip(size_t index, sys::Handle cpus) {
  const RoundTrip& run = kRoundTrips[index];
  auto server = raeen::rae::StartChild("bin/bench_ipc_server", "bench_ipc_server", 0);
  if (!server.ok()) return 20;
  server_channel = server->channel;
  const uint64_t server_mask = uint64_t{1} << run.server_cpu;
  if (sys::ChannelWrite(server_channel, &server_mask, sizeof(server_mask), nullptr, 0) !=
      Status::kOk) {
    return 21;
  }
  __atomic_store_n(&go, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&stop_busy, 0, __ATOMIC_RELEASE);
  const sys::Handle busy = run.busy ? StartBound(&Busy, 0, run.client_cpu) : 0;
  const sys::Handle client = StartBound(&Client, index, run.client_cpu);
  if (client == 0 || (run.busy && busy == 0)) return 22;
  constexpr int64_t kMs = 1'000'000;
  if (run.real_time &&
      sys::SchedSetRealtime(client, cpus, 8 * kMs, 10 * kMs, run.client_cpu) != Status::kOk) {
    return 24;
  }
  __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
  WaitEnded(client);
  __atomic_store_n(&stop_busy, 1, __ATOMIC_RELEASE);
  if (busy != 0) WaitEnded(busy);
  (void)sys::HandleClose(server_channel);
  WaitEnded(server->process);
  return client_result == Status::kOk ? 0 : 23;
}

uint32_t probed = 0;

// Whether there is a CPU 1: sched_set_affinity refuses a mask of offline CPUs.
bool HaveSecondCpu() {
  auto probe = raeen::rae::StartThread([](uint64_t) { WaitFor(probed); }, 0);
  if (!probe.ok()) return false;
  const bool second = sys::SchedSetAffinity(*probe, 0b10) == Status::kOk;
  __atomic_store_n(&probed, 1, __ATOMIC_RELEASE);
  WaitEnded(*probe);
  return second;
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 15;
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
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
  const uint32_t cpus = HaveSecondCpu() ? 2 : 1;
  for (size_t i = 0; i < sizeof(kRoundTrips) / sizeof(kRoundTrips[0]); ++i) {
    if (kRoundTrips[i].server_cpu >= cpus) continue;
    if (const int failed = RunRoundTrip(i, boot->root_resource); failed != 0) return failed;
  }
  return 0;
}
