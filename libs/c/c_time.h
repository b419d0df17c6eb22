#pragma once
// <time.h>: clocks and sleeping through the platform's monotonic clock.
//
// There is no wall clock yet: CLOCK_REALTIME and time() count from the same epoch as
// CLOCK_MONOTONIC (boot) until the kernel offers a real-time clock.

#include <stdint.h>

namespace raeen::libc {

struct Timespec {
  int64_t seconds;
  int64_t nanoseconds;  // 0..999999999
};

// CLOCK_MONOTONIC or CLOCK_REALTIME (RAEEN_CLOCK_*): 0, else -1 with errno EINVAL.
int ClockGettime(int clock_id, Timespec* out);
// Seconds; also stored in *out when it is not null.
int64_t Time(int64_t* out);
// Sleeps for `request` (never less). 0; -1 with EINVAL for a negative time or nanoseconds
// outside 0..999999999. *remaining, when given, is set to zero: sleeps are not interrupted.
int Nanosleep(const Timespec* request, Timespec* remaining);

}  // namespace raeen::libc
