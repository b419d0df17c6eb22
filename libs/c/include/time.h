/* RaeenOS C library: <time.h>. No wall clock yet: CLOCK_REALTIME and time() count from boot. */
#ifndef RAEEN_LIBC_TIME_H_
#define RAEEN_LIBC_TIME_H_

#include <raeen/libc_abi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long time_t;
typedef int clockid_t;

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

#define CLOCK_REALTIME RAEEN_CLOCK_REALTIME
#define CLOCK_MONOTONIC RAEEN_CLOCK_MONOTONIC

int clock_gettime(clockid_t clock_id, struct timespec* out);
time_t time(time_t* out);
int nanosleep(const struct timespec* request, struct timespec* remaining);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_TIME_H_ */
