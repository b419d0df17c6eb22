/* The hooks the C library needs from the system. libs/rae implements them with syscalls;
 * the host tests implement fakes (tests/host/libs/c/fake_platform.cc). Usable from C and C++.
 * Every hook may be called from any thread. */
#ifndef RAEEN_LIBC_PLATFORM_H_
#define RAEEN_LIBC_PLATFORM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes up to `n` bytes to descriptor `fd` (1 stdout, 2 stderr). Returns how many were
 * written (at least 1 when n > 0), or a negative errno value. Short writes are retried by the
 * caller. */
long RaeenPlatformWrite(int fd, const void* bytes, size_t n);

/* `bytes` (a multiple of 4096) of fresh readable and writable memory, 4096-aligned, or null
 * when there is no more. The allocator asks for 256 KiB chunks and for each large block. */
void* RaeenPlatformMorePages(size_t bytes);

/* Gives back exactly one earlier RaeenPlatformMorePages(bytes) result (large blocks only).
 * May do nothing (the memory then stays with the process). */
void RaeenPlatformFreePages(void* pages, size_t bytes);

/* Nanoseconds on a clock that never goes back; its epoch is unspecified (boot). */
uint64_t RaeenPlatformMonotonicNs(void);

/* Blocks the calling thread until RaeenPlatformMonotonicNs() >= deadline_ns. */
void RaeenPlatformSleepUntilNs(uint64_t deadline_ns);

/* Ends the process with `code`. Streams are flushed before this is called. */
__attribute__((noreturn)) void RaeenPlatformExit(int code);

/* Ends the process abnormally: abort(), a failed assert, or heap corruption the allocator
 * noticed (`reason` says which, for the report). Must not allocate. */
__attribute__((noreturn)) void RaeenPlatformAbort(const char* reason);

/* The calling thread's errno. One int per thread (a single global is acceptable while a
 * process has one thread). */
int* RaeenPlatformErrnoLocation(void);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_PLATFORM_H_ */
