// The C++ side of _start: runs the program's main and exits with its result.

#include <stdint.h>

#include "libs/rae/main.h"
#include "libs/rae/syscall.h"

extern "C" [[noreturn]] void RaeStart(uint64_t, uint64_t) {
  raeen::sys::ProcessExit(main());
}
