// The C memory primitives that freestanding C++ needs (the compiler emits calls to them for
// struct copies and zeroing). Linked into the kernel, the loader and user space; never into
// host programs, which use the C library's.
//
// `rep movsb` / `rep stosb` are the fast path on every x86-64 with ERMS, and under QEMU's TCG
// they are translated to a host memcpy/memset.

#include <stddef.h>
#include <stdint.h>

extern "C" {

void* memcpy(void* dest, const void* src, size_t n) {
  void* ret = dest;
  asm volatile("rep movsb" : "+D"(dest), "+S"(src), "+c"(n) : : "memory");
  return ret;
}

void* memset(void* dest, int value, size_t n) {
  void* ret = dest;
  asm volatile("rep stosb" : "+D"(dest), "+c"(n) : "a"(value) : "memory");
  return ret;
}

void* memmove(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d == s || n == 0) return dest;
  if (d < s || d >= s + n) return memcpy(dest, src, n);
  // Overlapping with dest above src: copy backwards.
  d += n - 1;
  s += n - 1;
  asm volatile("std\n\trep movsb\n\tcld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  return dest;
}

int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

}  // extern "C"
