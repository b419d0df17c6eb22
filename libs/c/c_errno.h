#pragma once
// errno and strerror.

#include "libs/c/include/raeen/libc_abi.h"
#include "libs/c/platform.h"

namespace raeen::libc {

inline int& Errno() {
  return *RaeenPlatformErrnoLocation();
}
inline void SetErrno(int value) {
  Errno() = value;
}

// The message for an errno value (glibc's wording); "Unknown error" for values we do not use.
const char* Strerror(int errnum);

}  // namespace raeen::libc
