// quota.threads: starts threads until the process's thread limit (64, its first thread
// included) refuses one with quota-exceeded; the threads then end by themselves and the
// process exits normally.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

uint32_t stop = 0;
uint32_t running = 0;

void Sleeper(uint64_t) {
  __atomic_fetch_add(&running, 1, __ATOMIC_RELAXED);
  while (__atomic_load_n(&stop, __ATOMIC_ACQUIRE) == 0) {
    int64_t now = 0;
    (void)sys::ClockMonotonic(&now);
    (void)sys::ThreadSleep(now + 2'000'000);
  }
  __atomic_fetch_sub(&running, 1, __ATOMIC_RELAXED);
}

}  // namespace

int main() {
  int created = 0;
  Status last = Status::kOk;
  while (created < 100) {
    auto thread = raeen::rae::StartThread(&Sleeper, 0, 16 * 1024);
    if (!thread.ok()) {
      last = thread.status();
      break;
    }
    ++created;
  }
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  (void)sys::ThreadSleep(now + 50'000'000);
  Print("quota_threads: {} threads, then {}; {} running", created, StatusName(last),
        __atomic_load_n(&running, __ATOMIC_RELAXED));
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  return last == Status::kQuotaExceeded ? 0 : 1;
}
