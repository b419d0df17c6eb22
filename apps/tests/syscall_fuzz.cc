// syscall.fuzz: a seeded random syscall fuzzer. For at least 60 s of guest time it calls
// random syscalls with arguments drawn from live handles (of every type), stale and made-up
// handle values, pointers into its own memory, kernel and unmapped addresses, and random
// integers. The kernel must survive (no panic), and when the fuzzer has closed what it
// created, its handle count is back at the baseline (the kernel logs its page counts after
// the run: kernel/process/boot_programs.h).
//
// The fuzzer keeps itself alive: it closes its handles to itself and its address space (a
// random task_kill or vm_unmap could otherwise end it), skips process_exit and thread_exit,
// and bounds every deadline it passes so that no call blocks for long.

#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr int64_t kRunNs = 60'000'000'000;
constexpr int kPoolSize = 48;
constexpr uint64_t kSeed = 0x5241454e46555a5aull;  // "RAENFUZZ"

uint64_t state = kSeed;
uint64_t Next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545f4914f6cdd1dull;
}
uint64_t Below(uint64_t n) { return Next() % n; }

sys::Handle pool[kPoolSize];
alignas(64) uint8_t scratch[16384];
uint64_t status_counts[32];
// Handles the random calls must not touch: the fuzzer's view of itself and the root resource.
sys::Handle protected_handles[2];

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

// Fills an empty pool slot with a fresh object of a random type.
void Refill(int slot, sys::Handle root) {
  sys::Handle a = 0;
  sys::Handle b = 0;
  switch (Below(6)) {
    case 0:
      if (sys::ChannelCreate(&a, &b) == Status::kOk) {
        pool[slot] = a;
        pool[(slot + 1) % kPoolSize] = b;  // may overwrite (and so leak into the sweep below)
      }
      return;
    case 1: (void)sys::MemoryCreate(4096 * (1 + Below(8)), Below(2), &pool[slot]); return;
    case 2: (void)sys::PortCreate(&pool[slot]); return;
    case 3: (void)sys::TimerCreate(&pool[slot]); return;
    case 4:
      (void)sys::ResourceCreate(root, static_cast<sys::ResourceKind>(1 + Below(4)), Below(64),
                                1 + Below(16), &pool[slot]);
      return;
    default:
      (void)sys::HandleDuplicate(
          root, sys::HandleRights::kRead | sys::HandleRights::kDuplicate, &pool[slot]);
      return;
  }
}

uint64_t HandleArg() {
  switch (Below(6)) {
    case 0: return Next() & 0xffffffff;  // made up
    case 1: return Below(64);            // small values, stale or not
    default: return pool[Below(kPoolSize)];
  }
}

uint64_t PointerArg() {
  switch (Below(6)) {
    case 0: return 0xffff800000000000ull + (Next() & 0xffffff000);  // kernel
    case 1: return Below(0x100000);                                  // unmapped low memory
    case 2: return Next();                                           // anything
    default: return reinterpret_cast<uint64_t>(scratch) + Below(sizeof(scratch) - 512);
  }
}

uint64_t SizeArg() {
  switch (Below(4)) {
    case 0: return Next();
    case 1: return Below(sizeof(scratch));
    default: return Below(256);
  }
}

uint64_t ValueArg() {
  switch (Below(4)) {
    case 0: return Next();
    case 1: return Below(16);
    default: return Next() & 0xffffffff;
  }
}

// A short deadline: blocking syscalls return within a millisecond.
uint64_t DeadlineArg() {
  return static_cast<uint64_t>(Now() + static_cast<int64_t>(Below(1'000'000)));
}

// Random but well-formed-enough in-memory arguments for the syscalls that take a struct.
uint64_t CallArgs() {
  auto* args = reinterpret_cast<sys::ChannelCallArgs*>(scratch + 8192);
  args->write_bytes = PointerArg();
  args->write_bytes_size = SizeArg();
  args->write_handles = reinterpret_cast<uint64_t>(scratch + 12288);
  args->write_handles_count = Below(4);
  args->read_bytes = PointerArg();
  args->read_bytes_capacity = SizeArg();
  args->read_handles = PointerArg();
  args->read_handles_capacity = Below(8);
  args->deadline_ns = static_cast<int64_t>(DeadlineArg());
  auto* handles = reinterpret_cast<uint32_t*>(scratch + 12288);
  for (int i = 0; i < 4; ++i) handles[i] = static_cast<uint32_t>(HandleArg());
  return reinterpret_cast<uint64_t>(args);
}

void FuzzOne() {
  uint64_t number = 1 + Below(42);
  uint64_t a[6];
  for (uint64_t& arg : a) {
    switch (Below(4)) {
      case 0: arg = HandleArg(); break;
      case 1: arg = PointerArg(); break;
      case 2: arg = SizeArg(); break;
      default: arg = ValueArg(); break;
    }
  }
  switch (static_cast<sys::SyscallNumber>(number)) {
    case sys::SyscallNumber::kProcessExit:
    case sys::SyscallNumber::kThreadExit:
    case sys::SyscallNumber::kInterruptWait:  // waits for a line that may never fire
    // A handle to itself would let random calls end or throttle the fuzzer (task_kill,
    // sched_set_realtime): thread_self is checked by syscall.badargs and sched.user instead.
    case sys::SyscallNumber::kThreadSelf:
      return;
    // Only bad pointers: random text would flood the log (the kernel checks it all the same).
    case sys::SyscallNumber::kDebugWrite: a[0] = 0xffff800000000000ull + Below(1 << 20); break;
    case sys::SyscallNumber::kThreadSleep: a[0] = DeadlineArg(); break;
    case sys::SyscallNumber::kObjectWaitOne: a[2] = DeadlineArg(); break;
    case sys::SyscallNumber::kPortWait: a[1] = DeadlineArg(); break;
    case sys::SyscallNumber::kChannelCall: a[1] = CallArgs(); break;
    case sys::SyscallNumber::kChannelReplyAndWait: a[2] = CallArgs(); break;
    case sys::SyscallNumber::kTimerSet: a[1] = DeadlineArg(); break;
    default: break;
  }
  for (uint64_t& arg : a) {
    for (sys::Handle kept : protected_handles) {
      if ((arg & 0xffffffff) == kept) arg = 0;
    }
  }
  const Status status = sys::detail::ToStatus(sys::detail::Syscall(
      static_cast<sys::SyscallNumber>(number), a[0], a[1], a[2], a[3], a[4], a[5]));
  ++status_counts[static_cast<uint32_t>(status) % 32];
}

uint32_t HandleCount(sys::Handle self) {
  sys::ProcessUsage usage{};
  uint64_t actual = 0;
  if (sys::ObjectGetInfo(self, sys::InfoTopic::kProcessUsage, &usage, sizeof(usage), &actual) !=
      Status::kOk) {
    return ~0u;
  }
  return usage.handles;
}

}  // namespace

int main() {
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 10;
  (void)sys::HandleClose(boot->initrd);
  // Only get_property on itself: a random task_kill or thread_create through it is refused.
  sys::Handle self = 0;
  if (sys::HandleDuplicate(raeen::rae::SelfProcess(), sys::HandleRights::kGetProperty, &self) !=
      Status::kOk) {
    return 11;
  }
  (void)sys::HandleClose(raeen::rae::SelfProcess());
  (void)sys::HandleClose(raeen::rae::SelfAddressSpace());
  (void)sys::HandleClose(raeen::rae::BootstrapChannel());
  protected_handles[0] = self;
  protected_handles[1] = boot->root_resource;
  const uint32_t baseline = HandleCount(self);
  Print("fuzz: seed {:#x}, {} handles before", kSeed, baseline);

  const int64_t start = Now();
  uint64_t calls = 0;
  int64_t next_report = start + 10'000'000'000;
  while (Now() - start < kRunNs) {
    if (Below(8) == 0) Refill(static_cast<int>(Below(kPoolSize)), boot->root_resource);
    FuzzOne();
    ++calls;
    if (Now() >= next_report) {
      Print("fuzz: {} calls after {} s", calls, (Now() - start) / 1'000'000'000);
      next_report += 10'000'000'000;
    }
  }
  // Close everything: every handle value the table can hold (1024 slots, 8192 generations),
  // which catches what random calls created and wrote to random places, sparing the baseline.
  for (uint32_t index = 0; index < 1024; ++index) {
    for (uint32_t generation = 0; generation < 8192; ++generation) {
      const sys::Handle value = (generation << 18) | (index + 1);
      if (value == self || value == boot->root_resource) continue;
      (void)sys::HandleClose(value);
    }
  }
  const uint32_t after = HandleCount(self);
  Print("fuzz: {} calls in {} s; handles {} before, {} after", calls,
        (Now() - start) / 1'000'000'000, baseline, after);
  for (uint32_t i = 0; i < 32; ++i) {
    if (status_counts[i] != 0) {
      Print("fuzz:   {} {}", raeen::StatusName(static_cast<Status>(i)), status_counts[i]);
    }
  }
  return after == baseline ? 0 : 1;
}
