// task.kill: a process whose two threads are blocked without deadlines (port_wait and
// object_wait_one) is killed; it must end within a bounded time, and the killer learns it
// through the terminated signal.

#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

int main() {
  auto child =
      raeen::rae::StartChild("bin/blocker", "blocker", sys::SpawnOptions::kAllowDebugWrite);
  if (!child.ok()) return 10;
  // Wait until the blocker says both its threads are about to block.
  char ready = 0;
  sys::MessageSize size{};
  uint32_t observed = 0;
  (void)sys::ObjectWaitOne(child->channel, sys::Signals::kReadable, INT64_MAX, &observed);
  if (sys::ChannelRead(child->channel, &ready, 1, nullptr, 0, &size) != Status::kOk) return 11;
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  (void)sys::ThreadSleep(now + 100'000'000);  // both are blocked by now

  int64_t killed_at = 0;
  (void)sys::ClockMonotonic(&killed_at);
  const Status kill = sys::TaskKill(child->process);
  const Status ended = sys::ObjectWaitOne(child->process, sys::Signals::kTerminated,
                                          killed_at + 5'000'000'000, &observed);
  int64_t ended_at = 0;
  (void)sys::ClockMonotonic(&ended_at);
  Print("kill_blocked: task_kill {}, then the blocked process {} after {} ms", StatusName(kill),
        ended == Status::kOk ? "terminated" : "did not terminate",
        (ended_at - killed_at) / 1000000);
  return ended == Status::kOk ? 0 : 1;
}
