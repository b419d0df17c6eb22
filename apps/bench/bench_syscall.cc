// syscall.null: the cost of entering and leaving the kernel. Each sample is one syscall with
// a number the kernel does not know (it returns unsupported at once, the cheapest path in and
// out), timed with the TSC from ring 3.

#include "apps/bench/user_timing.h"
#include "libs/rae/main.h"

namespace {

constexpr size_t kSamples = 100'000;
constexpr size_t kWarmUp = 1'000;
uint64_t samples[kSamples];

}  // namespace

int main() {
  using namespace raeen;
  const auto unknown = static_cast<sys::SyscallNumber>(0);
  for (size_t i = 0; i < kWarmUp; ++i) (void)sys::detail::Syscall(unknown);
  apps::TscToNs clock;
  for (size_t i = 0; i < kSamples; ++i) {
    const uint64_t before = apps::Tsc();
    (void)sys::detail::Syscall(unknown);
    samples[i] = apps::Tsc() - before;
  }
  clock.Finish();
  apps::PrintDistribution("syscall.null", clock, samples, kSamples);
  return 0;
}
