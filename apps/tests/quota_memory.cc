// quota.memory: creates 4 MiB memory objects until the process's memory quota (64 MiB, with
// its image and stack already charged) refuses one with quota-exceeded, then shows that
// closing one makes room again.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

int main() {
  constexpr uint64_t kChunk = 4 << 20;
  sys::Handle objects[32] = {};
  int created = 0;
  Status last = Status::kOk;
  while (created < 32) {
    last = sys::MemoryCreate(kChunk, 0, &objects[created]);
    if (last != Status::kOk) break;
    ++created;
  }
  Print("quota_memory: {} objects of 4 MiB, then {}", created, StatusName(last));
  sys::ProcessUsage usage{};
  uint64_t actual = 0;
  (void)sys::ObjectGetInfo(raeen::rae::SelfProcess(), sys::InfoTopic::kProcessUsage, &usage,
                           sizeof(usage), &actual);
  Print("quota_memory: {} KiB charged", usage.memory_bytes / 1024);
  if (last != Status::kQuotaExceeded || created == 0) return 1;
  (void)sys::HandleClose(objects[created - 1]);
  const Status again = sys::MemoryCreate(kChunk, 0, &objects[created - 1]);
  Print("quota_memory: after closing one: {}", StatusName(again));
  return again == Status::kOk ? 0 : 2;
}
