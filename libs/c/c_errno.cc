#include "libs/c/c_errno.h"

namespace raeen::libc {

const char* Strerror(int errnum) {
  switch (errnum) {
    case 0: return "Success";
    case RAEEN_EPERM: return "Operation not permitted";
    case RAEEN_ENOENT: return "No such file or directory";
    case RAEEN_EINTR: return "Interrupted system call";
    case RAEEN_EIO: return "Input/output error";
    case RAEEN_EBADF: return "Bad file descriptor";
    case RAEEN_EAGAIN: return "Resource temporarily unavailable";
    case RAEEN_ENOMEM: return "Cannot allocate memory";
    case RAEEN_EACCES: return "Permission denied";
    case RAEEN_EFAULT: return "Bad address";
    case RAEEN_EBUSY: return "Device or resource busy";
    case RAEEN_EEXIST: return "File exists";
    case RAEEN_ENOTDIR: return "Not a directory";
    case RAEEN_EISDIR: return "Is a directory";
    case RAEEN_EINVAL: return "Invalid argument";
    case RAEEN_EMFILE: return "Too many open files";
    case RAEEN_ENOSPC: return "No space left on device";
    case RAEEN_ESPIPE: return "Illegal seek";
    case RAEEN_EPIPE: return "Broken pipe";
    case RAEEN_EDOM: return "Numerical argument out of domain";
    case RAEEN_ERANGE: return "Numerical result out of range";
    case RAEEN_ENAMETOOLONG: return "File name too long";
    case RAEEN_ENOSYS: return "Function not implemented";
    case RAEEN_EOVERFLOW: return "Value too large for defined data type";
    case RAEEN_EILSEQ: return "Invalid or incomplete multibyte or wide character";
    case RAEEN_ENOTSUP: return "Operation not supported";
    case RAEEN_ETIMEDOUT: return "Connection timed out";
    default: return "Unknown error";
  }
}

}  // namespace raeen::libc
