/* The numbers the C library's public headers and its C++ implementation share: errno values,
 * clock ids and a few limits. Plain macros with a RAEEN_ prefix so that the implementation can
 * include this on the host next to the host's own <errno.h> and <time.h>. The errno values are
 * Linux's, so ported code and its tests see familiar numbers. */
#ifndef RAEEN_LIBC_ABI_H_
#define RAEEN_LIBC_ABI_H_

#define RAEEN_EPERM 1
#define RAEEN_ENOENT 2
#define RAEEN_EINTR 4
#define RAEEN_EIO 5
#define RAEEN_EBADF 9
#define RAEEN_EAGAIN 11
#define RAEEN_ENOMEM 12
#define RAEEN_EACCES 13
#define RAEEN_EFAULT 14
#define RAEEN_EBUSY 16
#define RAEEN_EEXIST 17
#define RAEEN_ENOTDIR 20
#define RAEEN_EISDIR 21
#define RAEEN_EINVAL 22
#define RAEEN_EMFILE 24
#define RAEEN_ENOSPC 28
#define RAEEN_ESPIPE 29
#define RAEEN_EPIPE 32
#define RAEEN_EDOM 33
#define RAEEN_ERANGE 34
#define RAEEN_ENAMETOOLONG 36
#define RAEEN_ENOSYS 38
#define RAEEN_EOVERFLOW 75
#define RAEEN_EILSEQ 84
#define RAEEN_ENOTSUP 95
#define RAEEN_ETIMEDOUT 110

#define RAEEN_CLOCK_REALTIME 0
#define RAEEN_CLOCK_MONOTONIC 1

#define RAEEN_RAND_MAX 0x7fffffff
#define RAEEN_EOF (-1)
#define RAEEN_BUFSIZ 1024

/* `restrict` where the C standard has it; C++ spells it __restrict. */
#ifdef __cplusplus
#define RAEEN_RESTRICT __restrict
#define RAEEN_NOEXCEPT noexcept
#else
#define RAEEN_RESTRICT restrict
#define RAEEN_NOEXCEPT
#endif

#define RAEEN_NORETURN __attribute__((noreturn))
#define RAEEN_PRINTF_LIKE(format_index, first_arg) \
  __attribute__((format(printf, format_index, first_arg)))

#endif /* RAEEN_LIBC_ABI_H_ */
