// In-kernel tests of kernel threads: switching, exit and reclamation, guard pages, and the
// privacy of each thread's FPU/SSE state. The scheduler itself: sched_tests.cc.

#include "kernel/arch/x86_64/fpu.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/sync/event.h"
#include "kernel/sync/semaphore.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr int kRounds = 50;

struct PingPong {
  sync::Event start;  // both players exist: play
  volatile bool ready[2] = {false, false};  // each is on the run queue
  volatile int turns[2] = {0, 0};
  sync::Semaphore finished;  // Up once by each player at the end
  int interleavings = 0;  // atomic: times a thread saw the other move since its last turn
};

struct PlayerArgument {
  PingPong* game;
  int index;
};

void Player(void* raw) {
  auto* argument = static_cast<PlayerArgument*>(raw);
  PingPong& game = *argument->game;
  const int other = 1 - argument->index;
  game.start.Wait();
  // The other may not have been woken yet: start together.
  game.ready[argument->index] = true;
  while (!game.ready[other]) Yield();
  int seen = game.turns[other];
  for (int i = 0; i < kRounds; ++i) {
    game.turns[argument->index] = game.turns[argument->index] + 1;
    Yield();
    if (game.turns[other] != seen) __atomic_fetch_add(&game.interleavings, 1, __ATOMIC_RELAXED);
    seen = game.turns[other];
  }
  game.finished.Up();
}

// Yields until `done()`, for at most a second; false if it never became true. Threads may
// run on other CPUs, so this also sleeps a little between looks.
template <typename Done>
bool YieldUntil(Done done) {
  const uint64_t end = MonotonicNanoseconds() + 1'000'000'000;
  while (!done() && MonotonicNanoseconds() < end) {
    Yield();
    if (!done()) SleepFor(100'000);
  }
  return done();
}

// Both players share CPU 0 so that Yield alternates them.
const ThreadOptions kOnCpu0{.affinity = sched::CpuSet::Single(0)};

KTEST(thread, yield_alternates_threads_and_exit_frees_them) {
  KTEST_EXPECT(CurrentThread() != nullptr && CurrentThread()->name() == "boot");
  const uint64_t kernel_pages_before = PhysicalPages().stats().kernel_pages;
  // Threads of earlier tests may still be on their way out (they signal, then exit): only
  // the boot thread is meant to outlive a test.
  KTEST_EXPECT(YieldUntil([] { return ThreadCount() == 1; }));
  const size_t threads_before = ThreadCount();
  PingPong game;
  PlayerArgument arguments[2] = {{&game, 0}, {&game, 1}};
  Result<Thread*> a = CreateThread("ping", &Player, &arguments[0], kOnCpu0);
  Result<Thread*> b = CreateThread("pong", &Player, &arguments[1], kOnCpu0);
  KTEST_EXPECT(a.ok() && b.ok());
  if (!a.ok() || !b.ok()) return;
  KTEST_EXPECT(ThreadCount() == threads_before + 2);
  game.start.Signal();
  // Blocked meanwhile: a waiting test thread that yielded and slept on CPU 0 itself took
  // turns between the players, and each such turn hid one move from the other player.
  const uint64_t give_up = MonotonicNanoseconds() + 10'000'000'000;
  const bool finished = game.finished.DownUntil(give_up) && game.finished.DownUntil(give_up);
  KTEST_EXPECT(finished);
  KTEST_EXPECT(game.turns[0] == kRounds && game.turns[1] == kRounds);
  // Yield gives way to the other fair thread: each sees the other move between almost all
  // of its turns. Not all: the first and last turns have nothing to see, and the end of a
  // slice can switch a player between its move and its yield (the game lasts tens of
  // milliseconds under TCG). A Yield that did not switch would show next to none.
  const int interleavings = __atomic_load_n(&game.interleavings, __ATOMIC_RELAXED);
  if (interleavings < 2 * kRounds * 9 / 10) {
    LogError("thread.yield: {} interleavings in {} turns", interleavings, 2 * kRounds);
  }
  KTEST_EXPECT(interleavings >= 2 * kRounds * 9 / 10);
  // An exited thread is freed by the next thread switched in on its CPU.
  KTEST_EXPECT(YieldUntil([&] { return ThreadCount() == threads_before; }));
  KTEST_EXPECT(PhysicalPages().stats().kernel_pages == kernel_pages_before);
}

void WaitForRelease(void* release) { static_cast<sync::Event*>(release)->Wait(); }

KTEST(thread, stacks_have_guard_pages) {
  sync::Event release;  // keeps the thread (and its stack) alive while it is inspected
  Result<Thread*> thread = CreateThread("guarded", &WaitForRelease, &release);
  KTEST_EXPECT(thread.ok());
  if (!thread.ok()) return;
  StackRange stack = (*thread)->stack();
  KTEST_EXPECT(stack.high - stack.low == Thread::kStackSize);
  Result<Translation> bottom = KernelAddressSpace().Translate(stack.low);
  KTEST_EXPECT(bottom.ok() && bottom->protection.writable && !bottom->protection.executable);
  KTEST_EXPECT(KernelAddressSpace().Translate(stack.low - 4096).status() == Status::kNotFound);
  const size_t before = ThreadCount();
  release.Signal();
  KTEST_EXPECT(YieldUntil([&] { return ThreadCount() == before - 1; }));
}

// Each thread's XMM0 and MXCSR, read and written through its own XSAVE/FXSAVE image (the
// kernel has no SSE instructions; the state instructions are the only way in). XMM0 is at
// byte 160 and MXCSR at byte 24 of the legacy region, in both formats [SDM vol. 1, 10.5.1].
constexpr size_t kXmm0Offset = 160;
constexpr size_t kMxcsrOffset = 24;
constexpr uint32_t kDefaultMxcsr = 0x1f80;

alignas(arch::kFpuStateAlignment) uint8_t fpu_images[3][4096];

uint64_t ReadXmm0Low(uint8_t* image) {
  arch::FpuSave(image);
  uint64_t value;
  __builtin_memcpy(&value, image + kXmm0Offset, sizeof(value));
  return value;
}

void WriteXmm0Low(uint8_t* image, uint64_t value) {
  arch::FpuSave(image);
  __builtin_memcpy(image + kXmm0Offset, &value, sizeof(value));
  arch::FpuRestore(image);
}

struct FpuCheck {
  volatile bool started_clean[2] = {false, false};
  volatile int kept[2] = {0, 0};
  volatile bool done[2] = {false, false};
};

struct FpuArgument {
  FpuCheck* check;
  int index;
};

void FpuPlayer(void* raw) {
  auto* argument = static_cast<FpuArgument*>(raw);
  uint8_t* image = fpu_images[argument->index];
  uint32_t mxcsr;
  bool clean = ReadXmm0Low(image) == 0;
  __builtin_memcpy(&mxcsr, image + kMxcsrOffset, sizeof(mxcsr));
  argument->check->started_clean[argument->index] = clean && mxcsr == kDefaultMxcsr;
  const uint64_t mine = 0x1111111111111111ull * static_cast<uint64_t>(argument->index + 2);
  WriteXmm0Low(image, mine);
  for (int i = 0; i < kRounds; ++i) {
    Yield();
    if (ReadXmm0Low(image) == mine) {
      argument->check->kept[argument->index] = argument->check->kept[argument->index] + 1;
    }
  }
  argument->check->done[argument->index] = true;
}

KTEST(thread, fpu_state_is_private_to_each_thread) {
  KTEST_EXPECT(arch::FpuStateSize() >= 512);
  uint8_t* boot_image = fpu_images[2];
  const uint64_t boot_value = 0x0123456789abcdefull;
  WriteXmm0Low(boot_image, boot_value);
  FpuCheck check;
  FpuArgument arguments[2] = {{&check, 0}, {&check, 1}};
  Result<Thread*> a = CreateThread("fpu-a", &FpuPlayer, &arguments[0]);
  Result<Thread*> b = CreateThread("fpu-b", &FpuPlayer, &arguments[1]);
  KTEST_EXPECT(a.ok() && b.ok());
  if (!a.ok() || !b.ok()) return;
  KTEST_EXPECT(YieldUntil([&] { return check.done[0] && check.done[1]; }));
  KTEST_EXPECT(check.started_clean[0] && check.started_clean[1]);
  KTEST_EXPECT(check.kept[0] == kRounds && check.kept[1] == kRounds);
  KTEST_EXPECT(ReadXmm0Low(boot_image) == boot_value);
  WriteXmm0Low(boot_image, 0);
}

}  // namespace
}  // namespace raeen::kernel
