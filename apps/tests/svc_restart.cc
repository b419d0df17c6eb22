// svc.restart: svc_crashy (a service) ends three ways: it crashes by itself, it is killed
// (what the shell's `kill` does), and it is restarted on request (`services restart`). Each
// time a client's next connection is answered by a new instance within a bounded time.

#include "apps/tests/check_list.h"
#include "apps/tests/svc_client.h"
#include "libs/rae/main.h"

using raeen::Status;
namespace rae = raeen::rae;
namespace sys = raeen::sys;

namespace {

raeen::apps::CheckList checks("svc_restart");
// A restart waits for svcmgr's backoff (10 ms, then 20 ms) plus the start itself; a second
// is plenty under software emulation, and a service that does not come back fails the check.
constexpr int64_t kBackWithinNs = 5'000'000'000;

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

// Waits for a new instance; checks it is not `old_pid` and prints how long it took.
uint64_t ExpectBack(const char* how, uint64_t old_pid, int64_t since, sys::Handle* channel) {
  raeen::Result<uint64_t> pid =
      raeen::apps::ReconnectCrashy(Now() + kBackWithinNs, channel, old_pid);
  checks.Expect(how, pid.status(), Status::kOk);
  if (!pid.ok()) return 0;
  checks.Check("a new process answers", *pid != old_pid);
  rae::Print("svc_restart: {}: answered again after {} ms (pid {} -> {})", how,
             (Now() - since) / 1'000'000, old_pid, *pid);
  return *pid;
}

}  // namespace

int main() {
  sys::Handle channel = sys::kInvalidHandle;
  raeen::Result<uint64_t> first = raeen::apps::ReconnectCrashy(Now() + kBackWithinNs, &channel);
  checks.Expect("first call", first.status(), Status::kOk);
  if (!first.ok()) return checks.Finish();

  // 1. It crashes by itself: the call in flight sees peer-closed.
  checks.Expect("the crashing call", raeen::apps::CallCrashy(channel, "crash").status(),
                Status::kPeerClosed);
  const uint64_t second = ExpectBack("crashed by itself", *first, Now(), &channel);

  // 2. Killed, as `kill PID` in the shell does.
  int64_t since = Now();
  checks.Expect("kill it", rae::KillTask(second), Status::kOk);
  const uint64_t third = ExpectBack("killed", second, since, &channel);

  // 3. Restarted on request, as `services restart` does.
  since = Now();
  checks.Expect("restart it", rae::RestartService("svc_crashy"), Status::kOk);
  const uint64_t fourth = ExpectBack("restarted on request", third, since, &channel);

  // svcmgr's list agrees.
  bool listed = false;
  for (uint32_t index = 1;; ++index) {
    raeen::Result<rae::TaskEntry> task = rae::TaskAt(index);
    if (!task.ok()) {
      checks.Expect("the list ends with out-of-range", task.status(), Status::kOutOfRange);
      break;
    }
    if (raeen::rstd::StringView(task->name) != "svc_crashy") continue;
    listed = true;
    checks.Check("svc_crashy runs", task->state == rae::TaskState::kRunning);
    checks.Check("as the last pid that answered", task->pid == fourth);
    checks.Check("after three restarts", task->restarts == 3);
  }
  checks.Check("svc_crashy is listed", listed);

  checks.Expect("kill an unknown pid", rae::KillTask(999'999), Status::kNotFound);
  checks.Expect("restart an unknown service", rae::RestartService("nope"), Status::kNotFound);
  return checks.Finish();
}
