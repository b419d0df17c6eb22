#include "kernel/thread/thread_benchmark.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/bench/sample_set.h"
#include "kernel/log/log.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr size_t kIterations = 10000;
uint64_t samples[kIterations];
volatile bool stop_partner = false;

void Partner(void*) {
  while (!stop_partner) Yield();
}

}  // namespace

void RunThreadBenchmarks() {
  stop_partner = false;
  Result<Thread*> partner = CreateThread("bench-partner", &Partner, nullptr);
  if (!partner.ok()) {
    LogError("bench: thread.yield_round_trip has no partner thread: {}", partner.status());
    return;
  }
  Yield();  // let the partner start
  bench::SampleSet set(samples);
  for (size_t i = 0; i < kIterations; ++i) {
    uint64_t start = arch::ReadTsc();
    Yield();
    set.Add(MonotonicClock().TicksToNanoseconds(arch::ReadTsc() - start));
  }
  stop_partner = true;
  Yield();  // the partner sees the flag and exits
  bench::LogDistribution("thread.yield_round_trip", "ns", set);
}

}  // namespace raeen::kernel
