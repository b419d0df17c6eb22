// quota.handles: creates ports until the handle table (1024 slots) is full, which
// port_create reports as quota-exceeded; closing one makes room again.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {
sys::Handle ports[2048];
}

int main() {
  int created = 0;
  Status last = Status::kOk;
  while (created < 2048) {
    last = sys::PortCreate(&ports[created]);
    if (last != Status::kOk) break;
    ++created;
  }
  sys::ProcessUsage usage{};
  uint64_t actual = 0;
  (void)sys::ObjectGetInfo(raeen::rae::SelfProcess(), sys::InfoTopic::kProcessUsage, &usage,
                           sizeof(usage), &actual);
  Print("quota_handles: {} ports, then {}; {} handles in the table", created, StatusName(last),
        usage.handles);
  if (last != Status::kQuotaExceeded) return 1;
  (void)sys::HandleClose(ports[0]);
  const Status again = sys::PortCreate(&ports[0]);
  Print("quota_handles: after closing one: {}", StatusName(again));
  return again == Status::kOk ? 0 : 2;
}
