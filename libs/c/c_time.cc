#include "libs/c/c_time.h"

#include "libs/c/c_errno.h"
#include "libs/c/platform.h"

namespace raeen::libc {

constexpr int64_t kNanosecondsPerSecond = 1000000000;

int ClockGettime(int clock_id, Timespec* out) {
  if (clock_id != RAEEN_CLOCK_MONOTONIC && clock_id != RAEEN_CLOCK_REALTIME) {
    SetErrno(RAEEN_EINVAL);
    return -1;
  }
  uint64_t now = RaeenPlatformMonotonicNs();
  out->seconds = static_cast<int64_t>(now / kNanosecondsPerSecond);
  out->nanoseconds = static_cast<int64_t>(now % kNanosecondsPerSecond);
  return 0;
}

int64_t Time(int64_t* out) {
  int64_t seconds = static_cast<int64_t>(RaeenPlatformMonotonicNs() / kNanosecondsPerSecond);
  if (out != nullptr) *out = seconds;
  return seconds;
}

int Nanosleep(const Timespec* request, Timespec* remaining) {
  if (request->seconds < 0 || request->nanoseconds < 0 ||
      request->nanoseconds >= kNanosecondsPerSecond) {
    SetErrno(RAEEN_EINVAL);
    return -1;
  }
  uint64_t duration = 0;
  uint64_t deadline = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(request->seconds),
                             static_cast<uint64_t>(kNanosecondsPerSecond), &duration) ||
      __builtin_add_overflow(duration, static_cast<uint64_t>(request->nanoseconds), &duration) ||
      __builtin_add_overflow(duration, RaeenPlatformMonotonicNs(), &deadline)) {
    deadline = UINT64_MAX;  // longer than the machine will run
  }
  RaeenPlatformSleepUntilNs(deadline);
  if (remaining != nullptr) *remaining = Timespec{0, 0};
  return 0;
}

}  // namespace raeen::libc
