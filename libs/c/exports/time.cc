// <time.h> for user programs.

#include <errno.h>
#include <time.h>

#include "libs/c/c_time.h"

namespace c = raeen::libc;

extern "C" {

int clock_gettime(clockid_t clock_id, struct timespec* out) {
  c::Timespec now;
  if (c::ClockGettime(clock_id, &now) != 0) return -1;
  out->tv_sec = now.seconds;
  out->tv_nsec = now.nanoseconds;
  return 0;
}

time_t time(time_t* out) {
  int64_t seconds = c::Time(nullptr);
  if (out != nullptr) *out = seconds;
  return seconds;
}

int nanosleep(const struct timespec* request, struct timespec* remaining) {
  c::Timespec wanted{request->tv_sec, request->tv_nsec};
  c::Timespec left{0, 0};
  int result = c::Nanosleep(&wanted, &left);
  if (remaining != nullptr && result == 0) {
    remaining->tv_sec = left.seconds;
    remaining->tv_nsec = left.nanoseconds;
  }
  return result;
}

}  // extern "C"
