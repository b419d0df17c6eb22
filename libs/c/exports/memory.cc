// The five functions the compiler itself calls (struct copies, zeroing). Separate from
// string.cc because libs/rstd/memory_functions.cc defines them too: a program links one or
// the other (libs/c/README.md).

#include <string.h>

#include "libs/c/c_string.h"

namespace c = raeen::libc;

extern "C" {

void* memcpy(void* __restrict dest, const void* __restrict src, size_t n) {
  return c::Memcpy(dest, src, n);
}
void* memmove(void* dest, const void* src, size_t n) {
  return c::Memmove(dest, src, n);
}
void* memset(void* dest, int value, size_t n) {
  return c::Memset(dest, value, n);
}
int memcmp(const void* a, const void* b, size_t n) {
  return c::Memcmp(a, b, n);
}
size_t strlen(const char* s) {
  return c::Strlen(s);
}

}  // extern "C"
