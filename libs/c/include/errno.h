/* RaeenOS C library: <errno.h>. One errno per thread (RaeenPlatformErrnoLocation). */
#ifndef RAEEN_LIBC_ERRNO_H_
#define RAEEN_LIBC_ERRNO_H_

#include <raeen/libc_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

int* __raeen_errno_location(void);
#define errno (*__raeen_errno_location())

#ifdef __cplusplus
}
#endif

#define EPERM RAEEN_EPERM
#define ENOENT RAEEN_ENOENT
#define EINTR RAEEN_EINTR
#define EIO RAEEN_EIO
#define EBADF RAEEN_EBADF
#define EAGAIN RAEEN_EAGAIN
#define EWOULDBLOCK RAEEN_EAGAIN
#define ENOMEM RAEEN_ENOMEM
#define EACCES RAEEN_EACCES
#define EFAULT RAEEN_EFAULT
#define EBUSY RAEEN_EBUSY
#define EEXIST RAEEN_EEXIST
#define ENOTDIR RAEEN_ENOTDIR
#define EISDIR RAEEN_EISDIR
#define EINVAL RAEEN_EINVAL
#define EMFILE RAEEN_EMFILE
#define ENOSPC RAEEN_ENOSPC
#define ESPIPE RAEEN_ESPIPE
#define EPIPE RAEEN_EPIPE
#define EDOM RAEEN_EDOM
#define ERANGE RAEEN_ERANGE
#define ENAMETOOLONG RAEEN_ENAMETOOLONG
#define ENOSYS RAEEN_ENOSYS
#define EOVERFLOW RAEEN_EOVERFLOW
#define EILSEQ RAEEN_EILSEQ
#define ENOTSUP RAEEN_ENOTSUP
#define EOPNOTSUPP RAEEN_ENOTSUP
#define ETIMEDOUT RAEEN_ETIMEDOUT

#endif /* RAEEN_LIBC_ERRNO_H_ */
