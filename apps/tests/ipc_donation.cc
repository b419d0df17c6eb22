// ipc.donation: a real-time caller lends its budget to the server it calls. A client thread
// calls a server thread (both bound to CPU 1) 200 times; the server spins 200 us of work per
// call. Where the work's CPU time is charged shows who paid:
//   - a fair client: the server's own run time holds the work;
//   - a real-time client (5 ms every 10 ms on CPU 1), with a busy fair thread beside them:
//     the work runs on the client's reservation, ahead of the busy thread, so the client's
//     real-time budget holds it and the server's own run time stays small (only the call
//     that outlives the client's budget in each period runs on as a fair thread).
// Exits 0 only if both held.

#include "apps/tests/check_list.h"
#include "libs/rae/bootstrap.h"
#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr int64_t kUs = 1'000;
constexpr int64_t kMs = 1'000'000;
constexpr int kCalls = 200;
constexpr int64_t kWorkPerCall = 200 * kUs;
constexpr uint32_t kCpu = 1;

raeen::apps::CheckList checks("ipc_donation");

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

sys::ThreadStats StatsOf(sys::Handle thread) {
  return raeen::apps::CheckedThreadStats(checks, thread);
}

uint64_t OwnTime(const sys::ThreadStats& stats) { return stats.runtime_ns; }

sys::Handle client_end = 0;
sys::Handle server_end = 0;
uint32_t go = 0;
uint32_t calls_done = 0;  // the client made its calls; it stays until main read its statistics
uint32_t stop_busy = 0;   // the client and the busy thread end
int64_t work_done = 0;  // the server's measured spinning, ns

void WaitFor(const uint32_t& flag) {
  while (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) == 0) asm volatile("pause");
}

void Server(uint64_t) {
  WaitFor(go);
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  sys::ChannelCallArgs args = raeen::rae::BytesCall(&reply, 0, &request, sizeof(request));
  while (sys::ChannelReplyAndWait(server_end, server_end, &args, &size) == Status::kOk) {
    const int64_t start = Now();
    while (Now() - start < kWorkPerCall) asm volatile("pause");
    work_done += Now() - start;
    reply = request + 1;
    args.write_bytes_size = sizeof(reply);
  }
}

void Client(uint64_t) {
  WaitFor(go);
  uint64_t request = 0;
  uint64_t reply = 0;
  sys::MessageSize size{};
  const sys::ChannelCallArgs args =
      raeen::rae::BytesCall(&request, sizeof(request), &reply, sizeof(reply));
  for (int i = 0; i < kCalls; ++i) {
    request = static_cast<uint64_t>(i);
    if (sys::ChannelCall(client_end, &args, &size) != Status::kOk || reply != request + 1) {
      checks.Check("a call answered", false);
      break;
    }
  }
  __atomic_store_n(&calls_done, 1, __ATOMIC_RELEASE);
  WaitFor(stop_busy);
}

void Busy(uint64_t) {
  WaitFor(go);
  while (__atomic_load_n(&stop_busy, __ATOMIC_ACQUIRE) == 0) asm volatile("pause");
}

sys::Handle StartBound(raeen::rae::ThreadEntry entry) {
  auto thread = raeen::rae::StartThread(entry, 0);
  checks.Expect("thread_create", thread.status(), Status::kOk);
  if (!thread.ok()) return 0;
  checks.Expect("binding to CPU 1", sys::SchedSetAffinity(*thread, uint64_t{1} << kCpu),
                Status::kOk);
  return *thread;
}

void WaitEnded(sys::Handle thread) {
  uint32_t observed = 0;
  checks.Expect("a thread ended",
                sys::ObjectWaitOne(thread, sys::Signals::kTerminated, Now() + 60'000 * kMs,
                                   &observed),
                Status::kOk);
}

struct Charged {
  uint64_t work;          // what the server measured
  uint64_t server_own;    // the server's own run time
  uint64_t client_budget;  // real-time budget the client was charged
};

// One run of kCalls calls; `cpu_resource` != 0 makes the client real-time first and adds the
// busy thread.
Charged Run(sys::Handle cpu_resource) {
  checks.Expect("channel_create", sys::ChannelCreate(&client_end, &server_end), Status::kOk);
  __atomic_store_n(&go, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&calls_done, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&stop_busy, 0, __ATOMIC_RELEASE);
  work_done = 0;
  const sys::Handle server = StartBound(&Server);
  const sys::Handle busy = cpu_resource != 0 ? StartBound(&Busy) : 0;
  const sys::Handle client = StartBound(&Client);
  if (cpu_resource != 0) {
    checks.Expect("the client made real-time",
                  sys::SchedSetRealtime(client, cpu_resource, 5 * kMs, 10 * kMs, kCpu),
                  Status::kOk);
  }
  const sys::ThreadStats server_before = StatsOf(server);
  __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
  // Statistics go with a thread: read them while both still exist (the server waits for the
  // next call, the client for stop_busy).
  WaitFor(calls_done);
  const sys::ThreadStats client_after = StatsOf(client);
  const sys::ThreadStats server_after = StatsOf(server);
  __atomic_store_n(&stop_busy, 1, __ATOMIC_RELEASE);
  WaitEnded(client);
  if (busy != 0) WaitEnded(busy);
  (void)sys::HandleClose(client_end);  // the server sees peer-closed and ends
  WaitEnded(server);
  (void)sys::HandleClose(server_end);
  return {static_cast<uint64_t>(work_done), OwnTime(server_after) - OwnTime(server_before),
          client_after.rt_budget_used_ns};
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 100;
  sys::Handle cpu1 = 0;
  checks.Expect("a cpu resource for CPU 1",
                sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kCpu, kCpu, 1, &cpu1),
                Status::kOk);

  const Charged fair = Run(0);
  Print("ipc_donation: fair client: work {} us, server's own time {} us, client's budget {} us",
        fair.work / 1000, fair.server_own / 1000, fair.client_budget / 1000);
  checks.Check("a fair client's calls run on the server's own time",
               fair.server_own >= fair.work / 2 && fair.client_budget == 0);

  const Charged rt = Run(cpu1);
  Print("ipc_donation: real-time client: work {} us, server's own time {} us, client's budget "
        "{} us",
        rt.work / 1000, rt.server_own / 1000, rt.client_budget / 1000);
  checks.Check("a real-time client's calls run on its budget",
               rt.client_budget >= rt.work / 2 && rt.server_own <= rt.work / 2);
  return checks.Finish();
}
