// sched.user: scheduling from user space, each behind its capability.
//   - sched_set_affinity moves a running thread, a thread that changes its own affinity (it
//     is on the new CPU when the call returns) and a sleeping one (it wakes on the new CPU);
//   - sched_set_realtime admits a spinning thread as an EDF/CBS server on CPU 1, refuses a
//     second one past the admission bound, and throttles the first: a fair thread on the same
//     CPU keeps running, and the budget charged stays within budget per period;
//   - sched_isolate_cpu needs the root resource; an isolated CPU runs only threads bound to
//     it, and the last general-purpose CPU cannot be isolated.
// Every check prints what it saw; the program exits 0 only if all of them held. Needs two CPUs.

#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr int64_t kMs = 1'000'000;

int checks = 0;
int failed = 0;

void Check(bool held, const char* what) {
  ++checks;
  if (!held) {
    ++failed;
    Print("sched_user: FAILED: {}", what);
  }
}

void CheckStatus(Status got, Status want, const char* what) {
  ++checks;
  if (got != want) {
    ++failed;
    Print("sched_user: FAILED: {}: {} (expected {})", what, StatusName(got), StatusName(want));
  }
}

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

void SleepMs(int64_t ms) { (void)sys::ThreadSleep(Now() + ms * kMs); }

sys::ThreadStats StatsOf(sys::Handle thread) {
  sys::ThreadStats stats{};
  uint64_t actual = 0;
  if (sys::ObjectGetInfo(thread, sys::InfoTopic::kThreadStats, &stats, sizeof(stats), &actual) !=
      Status::kOk) {
    Print("sched_user: FAILED: thread_stats of handle {}", thread);
    ++failed;
  }
  return stats;
}

// A worker's handle reaches it through this table (it may start before StartThread returns).
constexpr int kMaxWorkers = 8;
sys::Handle handles[kMaxWorkers];
uint64_t counters[kMaxWorkers];
uint32_t stop = 0;

sys::Handle OwnHandle(uint64_t index) {
  sys::Handle self;
  while ((self = __atomic_load_n(&handles[index], __ATOMIC_ACQUIRE)) == 0) {
    asm volatile("pause");
  }
  return self;
}

bool Stopping() { return __atomic_load_n(&stop, __ATOMIC_ACQUIRE) != 0; }

// Counts as fast as it can until told to stop.
void Spinner(uint64_t index) {
  while (!Stopping()) __atomic_fetch_add(&counters[index], 1, __ATOMIC_RELAXED);
}

// Changes its own affinity back and forth; after each call it must already be on the CPU.
uint32_t self_moves = 0;
uint32_t self_misplaced = 0;
void SelfMover(uint64_t index) {
  const sys::Handle self = OwnHandle(index);
  for (uint32_t round = 0; round < 20; ++round) {
    const uint32_t cpu = round % 2;
    if (sys::SchedSetAffinity(self, uint64_t{1} << cpu) != Status::kOk ||
        StatsOf(self).last_cpu != cpu) {
      __atomic_fetch_add(&self_misplaced, 1, __ATOMIC_RELAXED);
    }
    __atomic_fetch_add(&self_moves, 1, __ATOMIC_RELEASE);
  }
}

// Sleeps 300 ms, then reports the CPU it woke on.
uint32_t woke_on = ~0u;
void Sleeper(uint64_t index) {
  const sys::Handle self = OwnHandle(index);
  SleepMs(300);
  __atomic_store_n(&woke_on, StatsOf(self).last_cpu, __ATOMIC_RELEASE);
}

sys::Handle Start(raeen::rae::ThreadEntry entry, uint64_t index) {
  auto thread = raeen::rae::StartThread(entry, index);
  if (!thread.ok()) {
    Print("sched_user: FAILED: thread_create: {}", StatusName(thread.status()));
    ++failed;
    return 0;
  }
  __atomic_store_n(&handles[index], *thread, __ATOMIC_RELEASE);
  return *thread;
}

void WaitEnded(sys::Handle thread) {
  uint32_t observed = 0;
  CheckStatus(sys::ObjectWaitOne(thread, sys::Signals::kTerminated, Now() + 5000 * kMs, &observed),
              Status::kOk, "a worker ended");
}

// Whether `thread` stays on `cpu`: its last CPU, sampled for 100 ms.
bool StaysOn(sys::Handle thread, uint32_t cpu) {
  for (int sample = 0; sample < 10; ++sample) {
    if (StatsOf(thread).last_cpu != cpu) return false;
    SleepMs(10);
  }
  return true;
}

void TestAffinity() {
  // A running thread, moved by another one.
  const sys::Handle spinner = Start(&Spinner, 0);
  CheckStatus(sys::SchedSetAffinity(spinner, 1u << 1), Status::kOk, "affinity {1} of a spinner");
  Check(StaysOn(spinner, 1), "the spinner runs on CPU 1");
  CheckStatus(sys::SchedSetAffinity(spinner, 1u << 0), Status::kOk, "affinity {0} of a spinner");
  Check(StaysOn(spinner, 0), "the spinner runs on CPU 0");
  Print("sched_user: a running thread moved to CPU 1 and back to CPU 0");

  // A thread that moves itself.
  const sys::Handle mover = Start(&SelfMover, 1);
  WaitEnded(mover);
  Check(__atomic_load_n(&self_moves, __ATOMIC_ACQUIRE) == 20, "20 self moves");
  Check(self_misplaced == 0, "each self move was on its CPU when the call returned");
  Print("sched_user: a thread moved itself 20 times, {} times not on the new CPU",
        self_misplaced);

  // A sleeping thread: it wakes where its new affinity says.
  const sys::Handle sleeper = Start(&Sleeper, 2);
  SleepMs(50);
  const uint32_t before = StatsOf(sleeper).last_cpu;
  const uint32_t target = before == 0 ? 1 : 0;
  CheckStatus(sys::SchedSetAffinity(sleeper, uint64_t{1} << target), Status::kOk,
              "affinity of a sleeping thread");
  WaitEnded(sleeper);
  Check(woke_on == target, "the sleeper woke on its new CPU");
  Print("sched_user: a sleeping thread on CPU {} woke on CPU {}", before, woke_on);

  // Refusals.
  CheckStatus(sys::SchedSetAffinity(spinner, 0), Status::kInvalidArgument, "an empty mask");
  CheckStatus(sys::SchedSetAffinity(spinner, uint64_t{1} << 40), Status::kInvalidArgument,
              "a mask of offline CPUs");
  sys::Handle no_manage = 0;
  (void)sys::HandleDuplicate(spinner, sys::HandleRights::kGetProperty, &no_manage);
  CheckStatus(sys::SchedSetAffinity(no_manage, 1), Status::kAccessDenied,
              "a handle without manage");
  CheckStatus(sys::SchedSetAffinity(raeen::rae::SelfProcess(), 1), Status::kWrongType,
              "a process handle");
  CheckStatus(sys::SchedSetAffinity(mover, 1), Status::kBadState, "an ended thread");
  Print("sched_user: affinity refusals checked");
}

void TestRealTime(sys::Handle root) {
  sys::Handle cpu1 = 0;
  CheckStatus(sys::ResourceCreate(root, sys::ResourceKind::kCpu, 1, 1, &cpu1), Status::kOk,
              "minting a cpu resource for CPU 1");
  const sys::Handle server = Start(&Spinner, 3);
  CheckStatus(sys::SchedSetRealtime(server, cpu1, 2 * kMs, 10 * kMs, 0), Status::kOutOfRange,
              "a CPU outside the resource");
  CheckStatus(sys::SchedSetRealtime(server, cpu1, 5'000, 10 * kMs, 1), Status::kInvalidArgument,
              "a budget below 10 us");
  CheckStatus(sys::SchedSetRealtime(server, cpu1, 20 * kMs, 10 * kMs, 1),
              Status::kInvalidArgument, "a budget above the period");
  sys::Handle read_only = 0;
  (void)sys::HandleDuplicate(cpu1, sys::HandleRights::kRead, &read_only);
  CheckStatus(sys::SchedSetRealtime(server, read_only, 2 * kMs, 10 * kMs, 1),
              Status::kAccessDenied, "a cpu resource without write");

  // A fair thread bound to CPU 1 beside the real-time spinner there.
  const sys::Handle fair = Start(&Spinner, 4);
  CheckStatus(sys::SchedSetAffinity(fair, 1u << 1), Status::kOk, "the fair spinner to CPU 1");
  CheckStatus(sys::SchedSetRealtime(server, cpu1, 2 * kMs, 10 * kMs, 1), Status::kOk,
              "2 ms every 10 ms on CPU 1");
  const sys::ThreadStats start = StatsOf(server);
  const uint64_t fair_start = __atomic_load_n(&counters[4], __ATOMIC_RELAXED);
  const int64_t started = Now();
  Check(start.real_time == 1, "the server reports real time");

  const sys::Handle second = Start(&Spinner, 5);
  CheckStatus(sys::SchedSetRealtime(second, cpu1, 8 * kMs, 10 * kMs, 1), Status::kQuotaExceeded,
              "a second server past 90% of CPU 1");
  CheckStatus(sys::SchedSetRealtime(server, root, 2 * kMs, 10 * kMs, 0), Status::kBadState,
              "real time on another CPU");
  CheckStatus(sys::SchedSetAffinity(server, 1u << 0), Status::kInvalidArgument,
              "an affinity without the server's CPU");

  SleepMs(500);
  const sys::ThreadStats end = StatsOf(server);
  const uint64_t fair_ran = __atomic_load_n(&counters[4], __ATOMIC_RELAXED) - fair_start;
  const int64_t elapsed = Now() - started;
  const uint64_t used = end.rt_budget_used_ns - start.rt_budget_used_ns;
  // CBS grants 2 ms per 10 ms: 20% of the time. A late timer lets a job overrun its budget
  // (TCG delivers timer interrupts late), so the check allows 2.5 times that; a server that
  // was never throttled would take all of CPU 1's time.
  const uint64_t bound = static_cast<uint64_t>(elapsed) / 2;
  Check(end.last_cpu == 1, "the server runs on CPU 1");
  Check(used > 0, "the server was charged budget");
  Check(used <= bound, "the server was throttled to about its budget per period");
  Check(fair_ran > 0, "the fair thread on CPU 1 kept running");
  Print("sched_user: real-time server on CPU {}: {} us of budget in {} ms ({} per mille), "
        "{} deadline misses; the fair thread beside it counted {}",
        end.last_cpu, used / 1000, elapsed / kMs, used * 1000 / static_cast<uint64_t>(elapsed),
        end.deadline_misses, fair_ran);
  CheckStatus(sys::SchedSetRealtime(server, cpu1, 1 * kMs, 10 * kMs, 1), Status::kOk,
              "a new server for the same CPU");
}

void TestIsolation(sys::Handle root) {
  sys::Handle cpu1 = 0;
  (void)sys::ResourceCreate(root, sys::ResourceKind::kCpu, 1, 1, &cpu1);
  CheckStatus(sys::SchedIsolateCpu(cpu1, 1, true), Status::kAccessDenied,
              "isolating with a minted resource");
  CheckStatus(sys::SchedIsolateCpu(root, 9, true), Status::kOutOfRange, "isolating CPU 9");
  const sys::Handle server = handles[3];  // real-time on CPU 1, any affinity
  CheckStatus(sys::SchedIsolateCpu(root, 1, true), Status::kBadState,
              "isolating a CPU with an unbound real-time thread");
  CheckStatus(sys::SchedSetAffinity(server, 1u << 1), Status::kOk, "binding the server");
  CheckStatus(sys::SchedIsolateCpu(root, 1, true), Status::kOk, "isolating CPU 1");
  const sys::Handle unbound = Start(&Spinner, 6);
  Check(StaysOn(unbound, 0), "an unbound thread stays off the isolated CPU");
  Check(StaysOn(handles[4], 1), "a thread bound to the isolated CPU runs there");
  CheckStatus(sys::SchedIsolateCpu(root, 0, true), Status::kBadState,
              "isolating the last general CPU");
  CheckStatus(sys::SchedIsolateCpu(root, 1, false), Status::kOk, "returning CPU 1");
  Print("sched_user: isolation checked");
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 10;
  TestAffinity();
  TestRealTime(boot->root_resource);
  TestIsolation(boot->root_resource);
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < kMaxWorkers; ++i) {
    if (handles[i] != 0 && i != 1 && i != 2) WaitEnded(handles[i]);
  }
  Print("sched_user: {} checks, {} failed", checks, failed);
  return failed == 0 ? 0 : 1;
}
