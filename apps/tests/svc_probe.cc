// svc.start: every service a manifest starts at boot is running, and each name is resolvable;
// the manifest's CPU and real-time settings apply to the program's first thread.

#include "apps/tests/check_list.h"
#include "libs/rae/main.h"
#include "libs/rae/service.h"

using raeen::Status;
namespace rae = raeen::rae;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;

namespace {

raeen::apps::CheckList checks("svc_probe");

constexpr rstd::StringView kBootServices[] = {"consoled", "logd", "shell", "vfsd"};
constexpr rstd::StringView kNames[] = {"console", "log", "vfs"};

}  // namespace

int main() {
  // The manifest's `cpus = 1` and `realtime = 5ms/10ms`, applied when the start message is
  // read (a program's first call to the runtime; StartInfo here).
  checks.Expect("start info", rae::StartInfo().status(), Status::kOk);
  sys::Handle thread = sys::kInvalidHandle;
  checks.Expect("thread_self", sys::ThreadSelf(&thread), Status::kOk);
  const sys::ThreadStats stats = raeen::apps::CheckedThreadStats(checks, thread);
  checks.Check("real-time from the manifest", stats.real_time == 1);
  checks.Check("on CPU 1 from the manifest", stats.last_cpu == 1);
  checks.Expect("the cpu-realtime grant was used up", rae::TakeCapability("cpu-realtime").status(),
                Status::kNotFound);
  raeen::Result<rae::TaskEntry> svcmgr = rae::TaskAt(0);
  checks.Expect("task 0", svcmgr.status(), Status::kOk);
  if (svcmgr.ok()) {
    checks.Check("task 0 is svcmgr", rstd::StringView(svcmgr->name) == "svcmgr");
    checks.Check("svcmgr has a pid", svcmgr->pid != 0);
  }
  bool seen[sizeof(kBootServices) / sizeof(kBootServices[0])] = {};
  for (uint32_t index = 1;; ++index) {
    raeen::Result<rae::TaskEntry> task = rae::TaskAt(index);
    if (!task.ok()) {
      checks.Expect("the list ends with out-of-range", task.status(), Status::kOutOfRange);
      break;
    }
    rae::Print("svc_probe: task {} pid {} state {} restarts {} memory {} KiB", task->name,
               task->pid, static_cast<int>(task->state), task->restarts, task->memory_bytes >> 10);
    for (size_t i = 0; i < sizeof(kBootServices) / sizeof(kBootServices[0]); ++i) {
      if (rstd::StringView(task->name) != kBootServices[i]) continue;
      seen[i] = true;
      checks.Check(task->name, task->state == rae::TaskState::kRunning && task->pid != 0);
    }
  }
  for (size_t i = 0; i < sizeof(kBootServices) / sizeof(kBootServices[0]); ++i) {
    if (!seen[i]) rae::Print("svc_probe: FAIL {} is not listed", kBootServices[i]);
    checks.Check("every boot service is listed", seen[i]);
  }
  for (const rstd::StringView name : kNames) {
    raeen::Result<sys::Handle> channel = rae::Connect(name);
    checks.Expect("connect by name", channel.status(), Status::kOk);
    if (channel.ok()) {
      rae::Print("svc_probe: connected to {}", name);
      (void)sys::HandleClose(*channel);
    }
  }
  return checks.Finish();
}
