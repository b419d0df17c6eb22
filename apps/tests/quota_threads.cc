// quota.threads: starts threads until the process's thread limit (64, its first thread
// included) refuses one with quota-exceeded; the threads then end by themselves and the
// process exits normally. Each thread also gives itself its own FS and GS bases (wrfsbase,
// wrgsbase) and checks after every sleep that they are still its own: the kernel keeps them
// per thread across switches.

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
uint32_t base_mismatches = 0;
bool have_fsgsbase = false;

// CPUID.(EAX=7, ECX=0):EBX bit 0 [Intel SDM vol. 2A, CPUID].
bool CpuHasFsGsBase() {
  uint32_t a = 7, b = 0, c = 0, d = 0;
  asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
  return (b & 1) != 0;
}

void Sleeper(uint64_t index) {
  __atomic_fetch_add(&running, 1, __ATOMIC_RELAXED);
  const uint64_t fs = 0x100000000ull + index * 0x1000;
  const uint64_t gs = 0x200000000ull + index * 0x1000;
  if (have_fsgsbase) {
    asm volatile("wrfsbase %0" : : "r"(fs));
    asm volatile("wrgsbase %0" : : "r"(gs));
  }
  while (__atomic_load_n(&stop, __ATOMIC_ACQUIRE) == 0) {
    int64_t now = 0;
    (void)sys::ClockMonotonic(&now);
    (void)sys::ThreadSleep(now + 2'000'000);
    if (have_fsgsbase) {
      uint64_t seen_fs = 0;
      uint64_t seen_gs = 0;
      asm volatile("rdfsbase %0" : "=r"(seen_fs));
      asm volatile("rdgsbase %0" : "=r"(seen_gs));
      if (seen_fs != fs || seen_gs != gs) __atomic_fetch_add(&base_mismatches, 1, __ATOMIC_RELAXED);
    }
  }
  __atomic_fetch_sub(&running, 1, __ATOMIC_RELAXED);
}

}  // namespace

int main() {
  have_fsgsbase = CpuHasFsGsBase();
  int created = 0;
  Status last = Status::kOk;
  while (created < 100) {
    auto thread = raeen::rae::StartThread(&Sleeper, static_cast<uint64_t>(created), 16 * 1024);
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
  (void)sys::ThreadSleep(now + 80'000'000);  // every thread checks its bases once more
  Print("quota_threads: FS/GS bases {}: {} mismatches",
        have_fsgsbase ? "checked" : "not checked (no FSGSBASE)",
        __atomic_load_n(&base_mismatches, __ATOMIC_RELAXED));
  return last == Status::kQuotaExceeded && base_mismatches == 0 ? 0 : 1;
}
