// sched.user: scheduling from user space, each behind its capability.
//   - thread_self names the first thread, which then moves itself;
//   - sched_set_affinity moves a running thread, a thread that changes its own affinity (it
//     is on the new CPU when the call returns) and a sleeping one (it wakes on the new CPU);
//   - sched_set_realtime admits a spinning thread as an EDF/CBS server on CPU 1, refuses a
//     second one past the admission bound, and throttles the first: a fair thread on the same
//     CPU keeps running, and the budget charged stays within budget per period;
//   - sched_isolate_cpu needs the root resource; an isolated CPU runs only threads bound to
//     it, and the last general-purpose CPU cannot be isolated.
// Every check prints what it saw; the program exits 0 only if all of them held. Needs two CPUs.

#include "apps/tests/check_list.h"
#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

using raeen::Status;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr int64_t kMs = 1'000'000;

raeen::apps::CheckList checks("sched_user");

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

void SleepMs(int64_t ms) {
  (void)sys::ThreadSleep(Now() + ms * kMs);
}

sys::ThreadStats StatsOf(sys::Handle thread) {
  return raeen::apps::CheckedThreadStats(checks, thread);
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

bool Stopping() {
  return __atomic_load_n(&stop, __ATOMIC_ACQUIRE) != 0;
}

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
  checks.Expect("thread_create", thread.status(), Status::kOk);
  if (!thread.ok()) return 0;
  __atomic_store_n(&handles[index], *thread, __ATOMIC_RELEASE);
  return *thread;
}

void WaitEnded(sys::Handle thread) {
  uint32_t observed = 0;
  checks.Expect(
      "a worker ended",
      sys::ObjectWaitOne(thread, sys::Signals::kTerminated, Now() + 5000 * kMs, &observed),
      Status::kOk);
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
  checks.Expect("affinity {1} of a spinner", sys::SchedSetAffinity(spinner, 1u << 1), Status::kOk);
  checks.Check("the spinner runs on CPU 1", StaysOn(spinner, 1));
  checks.Expect("affinity {0} of a spinner", sys::SchedSetAffinity(spinner, 1u << 0), Status::kOk);
  checks.Check("the spinner runs on CPU 0", StaysOn(spinner, 0));
  Print("sched_user: a running thread moved to CPU 1 and back to CPU 0");

  // A thread that moves itself.
  const sys::Handle mover = Start(&SelfMover, 1);
  WaitEnded(mover);
  checks.Check("20 self moves", __atomic_load_n(&self_moves, __ATOMIC_ACQUIRE) == 20);
  checks.Check("each self move was on its CPU when the call returned", self_misplaced == 0);
  Print("sched_user: a thread moved itself 20 times, {} times not on the new CPU", self_misplaced);

  // A sleeping thread: it wakes where its new affinity says.
  const sys::Handle sleeper = Start(&Sleeper, 2);
  SleepMs(50);
  const uint32_t before = StatsOf(sleeper).last_cpu;
  const uint32_t target = before == 0 ? 1 : 0;
  checks.Expect("affinity of a sleeping thread",
                sys::SchedSetAffinity(sleeper, uint64_t{1} << target), Status::kOk);
  WaitEnded(sleeper);
  checks.Check("the sleeper woke on its new CPU", woke_on == target);
  Print("sched_user: a sleeping thread on CPU {} woke on CPU {}", before, woke_on);

  // Refusals.
  checks.Expect("an empty mask", sys::SchedSetAffinity(spinner, 0), Status::kInvalidArgument);
  checks.Expect("a mask of offline CPUs", sys::SchedSetAffinity(spinner, uint64_t{1} << 40),
                Status::kInvalidArgument);
  sys::Handle no_manage = 0;
  (void)sys::HandleDuplicate(spinner, sys::HandleRights::kGetProperty, &no_manage);
  checks.Expect("a handle without manage", sys::SchedSetAffinity(no_manage, 1),
                Status::kAccessDenied);
  checks.Expect("a process handle", sys::SchedSetAffinity(raeen::rae::SelfProcess(), 1),
                Status::kWrongType);
  checks.Expect("an ended thread", sys::SchedSetAffinity(mover, 1), Status::kBadState);
  Print("sched_user: affinity refusals checked");
}

void TestRealTime(sys::Handle root) {
  sys::Handle cpu1 = 0;
  checks.Expect("minting a cpu resource for CPU 1",
                sys::ResourceCreate(root, sys::ResourceKind::kCpu, 1, 1, &cpu1), Status::kOk);
  const sys::Handle server = Start(&Spinner, 3);
  checks.Expect("a CPU outside the resource",
                sys::SchedSetRealtime(server, cpu1, 2 * kMs, 10 * kMs, 0), Status::kOutOfRange);
  checks.Expect("a budget below 10 us", sys::SchedSetRealtime(server, cpu1, 5'000, 10 * kMs, 1),
                Status::kInvalidArgument);
  checks.Expect("a budget above the period",
                sys::SchedSetRealtime(server, cpu1, 20 * kMs, 10 * kMs, 1),
                Status::kInvalidArgument);
  sys::Handle read_only = 0;
  (void)sys::HandleDuplicate(cpu1, sys::HandleRights::kRead, &read_only);
  checks.Expect("a cpu resource without write",
                sys::SchedSetRealtime(server, read_only, 2 * kMs, 10 * kMs, 1),
                Status::kAccessDenied);

  // A fair thread bound to CPU 1 beside the real-time spinner there.
  const sys::Handle fair = Start(&Spinner, 4);
  checks.Expect("the fair spinner to CPU 1", sys::SchedSetAffinity(fair, 1u << 1), Status::kOk);
  checks.Expect("2 ms every 10 ms on CPU 1",
                sys::SchedSetRealtime(server, cpu1, 2 * kMs, 10 * kMs, 1), Status::kOk);
  const sys::ThreadStats start = StatsOf(server);
  const uint64_t fair_start = __atomic_load_n(&counters[4], __ATOMIC_RELAXED);
  const int64_t started = Now();
  checks.Check("the server reports real time", start.real_time == 1);

  const sys::Handle second = Start(&Spinner, 5);
  checks.Expect("a second server past 90% of CPU 1",
                sys::SchedSetRealtime(second, cpu1, 8 * kMs, 10 * kMs, 1), Status::kQuotaExceeded);
  checks.Expect("real time on another CPU",
                sys::SchedSetRealtime(server, root, 2 * kMs, 10 * kMs, 0), Status::kBadState);
  checks.Expect("an affinity without the server's CPU", sys::SchedSetAffinity(server, 1u << 0),
                Status::kInvalidArgument);

  SleepMs(500);
  const sys::ThreadStats end = StatsOf(server);
  const uint64_t fair_ran = __atomic_load_n(&counters[4], __ATOMIC_RELAXED) - fair_start;
  const int64_t elapsed = Now() - started;
  const uint64_t used = end.rt_budget_used_ns - start.rt_budget_used_ns;
  // CBS grants 2 ms per 10 ms: 20% of the time. A late timer lets a job overrun its budget
  // (TCG delivers timer interrupts late), so the check allows 2.5 times that; a server that
  // was never throttled would take all of CPU 1's time.
  const uint64_t bound = static_cast<uint64_t>(elapsed) / 2;
  checks.Check("the server runs on CPU 1", end.last_cpu == 1);
  checks.Check("the server was charged budget", used > 0);
  checks.Check("the server was throttled to about its budget per period", used <= bound);
  checks.Check("the fair thread on CPU 1 kept running", fair_ran > 0);
  Print(
      "sched_user: real-time server on CPU {}: {} us of budget in {} ms ({} per mille), "
      "{} deadline misses; the fair thread beside it counted {}",
      end.last_cpu, used / 1000, elapsed / kMs, used * 1000 / static_cast<uint64_t>(elapsed),
      end.deadline_misses, fair_ran);
  checks.Expect("a new server for the same CPU",
                sys::SchedSetRealtime(server, cpu1, 1 * kMs, 10 * kMs, 1), Status::kOk);
}

void TestIsolation(sys::Handle root) {
  sys::Handle cpu1 = 0;
  (void)sys::ResourceCreate(root, sys::ResourceKind::kCpu, 1, 1, &cpu1);
  checks.Expect("isolating with a minted resource", sys::SchedIsolateCpu(cpu1, 1, true),
                Status::kAccessDenied);
  checks.Expect("isolating CPU 9", sys::SchedIsolateCpu(root, 9, true), Status::kOutOfRange);
  const sys::Handle server = handles[3];  // real-time on CPU 1, any affinity
  checks.Expect("isolating a CPU with an unbound real-time thread",
                sys::SchedIsolateCpu(root, 1, true), Status::kBadState);
  checks.Expect("binding the server", sys::SchedSetAffinity(server, 1u << 1), Status::kOk);
  checks.Expect("isolating CPU 1", sys::SchedIsolateCpu(root, 1, true), Status::kOk);
  // The server's reservation is on the isolated CPU: it must stay bound there.
  checks.Expect("widening an isolated server's affinity", sys::SchedSetAffinity(server, 0b11),
                Status::kInvalidArgument);
  const sys::Handle unbound = Start(&Spinner, 6);
  checks.Check("an unbound thread stays off the isolated CPU", StaysOn(unbound, 0));
  checks.Check("a thread bound to the isolated CPU runs there", StaysOn(handles[4], 1));
  checks.Expect("isolating the last general CPU", sys::SchedIsolateCpu(root, 0, true),
                Status::kBadState);
  checks.Expect("returning CPU 1", sys::SchedIsolateCpu(root, 1, false), Status::kOk);
  Print("sched_user: isolation checked");
}

// The first thread names itself with thread_self and moves itself.
void TestSelf() {
  sys::Handle self = 0;
  checks.Expect("thread_self", sys::ThreadSelf(&self), Status::kOk);
  for (uint32_t cpu = 2; cpu-- > 0;) {  // CPU 1, then CPU 0
    checks.Expect("the first thread binding itself", sys::SchedSetAffinity(self, 1u << cpu),
                  Status::kOk);
    checks.Check("the first thread on its new CPU", StatsOf(self).last_cpu == cpu);
  }
  checks.Expect("the first thread unbound again", sys::SchedSetAffinity(self, ~uint64_t{0}),
                Status::kOk);
  checks.Expect("closing the self handle", sys::HandleClose(self), Status::kOk);
  Print("sched_user: the first thread moved itself through thread_self");
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 10;
  TestSelf();
  TestAffinity();
  TestRealTime(boot->root_resource);
  TestIsolation(boot->root_resource);
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < kMaxWorkers; ++i) {
    if (handles[i] != 0 && i != 1 && i != 2) WaitEnded(handles[i]);
  }
  return checks.Finish() == 0 ? 0 : 1;
}
