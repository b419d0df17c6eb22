// svc.restart_*: how long a service is away. svc_crashy (apps/tests/svc_crashy.cc) is made
// to crash, and the time runs from the crashing call to the first answer from its next
// instance: svcmgr noticing the end, its first backoff (10 ms), the new process and its start,
// and the client's reconnection. Then the same for a restart on request (no backoff), which
// also gives the next crash a fresh backoff. Started by svcmgr (`svc.start=svc_crashy,
// bench_restart`, see tools/testrunner/bench_command.cc).

#include "apps/bench/user_timing.h"
#include "apps/tests/svc_client.h"
#include "libs/rae/main.h"

using raeen::Status;
namespace apps = raeen::apps;
namespace rae = raeen::rae;
namespace sys = raeen::sys;

namespace {

constexpr size_t kRounds = 10;
constexpr int64_t kGiveUpNs = 10'000'000'000;
uint64_t after_crash[kRounds];
uint64_t after_request[kRounds];

}  // namespace

int main() {
  sys::Handle channel = sys::kInvalidHandle;
  raeen::Result<uint64_t> first = apps::ReconnectCrashy(apps::MonotonicNs() + kGiveUpNs, &channel);
  if (!first.ok()) {
    rae::Print("bench_restart: svc_crashy does not answer: {}", raeen::StatusName(first.status()));
    return 1;
  }
  uint64_t pid = *first;
  apps::TscToNs clock;
  for (size_t round = 0; round < kRounds; ++round) {
    uint64_t before = apps::Tsc();
    if (apps::CallCrashy(channel, "crash").status() != Status::kPeerClosed) return 2;
    raeen::Result<uint64_t> next =
        apps::ReconnectCrashy(apps::MonotonicNs() + kGiveUpNs, &channel, pid);
    if (!next.ok()) return 3;
    pid = *next;
    after_crash[round] = apps::Tsc() - before;

    before = apps::Tsc();
    if (rae::RestartService("svc_crashy") != Status::kOk) return 4;
    raeen::Result<uint64_t> back =
        apps::ReconnectCrashy(apps::MonotonicNs() + kGiveUpNs, &channel, pid);
    if (!back.ok()) return 5;
    pid = *back;
    after_request[round] = apps::Tsc() - before;
  }
  clock.Finish();
  apps::PrintDistribution("svc.restart_after_crash", clock, after_crash, kRounds);
  apps::PrintDistribution("svc.restart_on_request", clock, after_request, kRounds);
  return 0;
}
