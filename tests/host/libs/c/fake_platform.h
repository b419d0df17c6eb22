#pragma once
// The platform hooks (libs/c/platform.h) for host tests: output captured per descriptor, pages
// from mmap, a fake clock that sleeping advances.

#include <stddef.h>
#include <stdint.h>

#include <atomic>
#include <string>

namespace raeen::libc::testing {

// The switches and counters tests read and set directly.
struct FakeState {
  // Each write hook call writes at most this many bytes (0: no limit), for short writes.
  std::atomic<size_t> max_write_chunk{0};
  // The write hook fails with -write_failure (0: it succeeds).
  std::atomic<int> write_failure{0};
  // RaeenPlatformMorePages returns null (simulated exhaustion).
  std::atomic<bool> pages_exhausted{false};
  std::atomic<size_t> more_pages_calls{0};
  std::atomic<size_t> free_pages_calls{0};
  // The monotonic clock, and the last deadline RaeenPlatformSleepUntilNs was given.
  std::atomic<uint64_t> now_ns{1'000'000'000};
  std::atomic<uint64_t> last_sleep_deadline{0};
};

FakeState& Fake();
// Everything written to `fd` since the last Reset.
std::string Output(int fd);
// Clears the output and the failure switches.
void ResetFakePlatform();

}  // namespace raeen::libc::testing
