// <stdlib.h>, <errno.h> and <assert.h> for user programs.

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "libs/c/allocator.h"
#include "libs/c/c_errno.h"
#include "libs/c/c_stdlib.h"
#include "libs/c/stream.h"

namespace c = raeen::libc;

extern "C" {

void* malloc(size_t size) {
  return c::Malloc(size);
}
void free(void* block) {
  c::Free(block);
}
void* calloc(size_t count, size_t size) {
  return c::Calloc(count, size);
}
void* realloc(void* block, size_t size) {
  return c::Realloc(block, size);
}
void* aligned_alloc(size_t alignment, size_t size) {
  return c::AlignedAlloc(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment < sizeof(void*)) return EINVAL;
  int saved = errno;
  void* block = c::AlignedAlloc(alignment, size);
  int error = errno;
  errno = saved;  // posix_memalign reports through its result, not errno
  if (block == nullptr) return error;
  *out = block;
  return 0;
}

long strtol(const char* __restrict s, char** __restrict end, int base) {
  return c::Strtol(s, end, base);
}
long long strtoll(const char* __restrict s, char** __restrict end, int base) {
  return c::Strtoll(s, end, base);
}
unsigned long strtoul(const char* __restrict s, char** __restrict end, int base) {
  return c::Strtoul(s, end, base);
}
unsigned long long strtoull(const char* __restrict s, char** __restrict end, int base) {
  return c::Strtoull(s, end, base);
}
int atoi(const char* s) {
  return c::Atoi(s);
}
long atol(const char* s) {
  return c::Atol(s);
}
long long atoll(const char* s) {
  return c::Atoll(s);
}

int abs(int value) {
  return c::Abs(value);
}
long labs(long value) {
  return c::Labs(value);
}
long long llabs(long long value) {
  return c::Llabs(value);
}
div_t div(int numerator, int denominator) {
  c::DivResult result = c::Div(numerator, denominator);
  return div_t{static_cast<int>(result.quotient), static_cast<int>(result.remainder)};
}
ldiv_t ldiv(long numerator, long denominator) {
  c::DivResult result = c::Div(numerator, denominator);
  return ldiv_t{result.quotient, result.remainder};
}
lldiv_t lldiv(long long numerator, long long denominator) {
  c::DivResult result = c::Div(numerator, denominator);
  return lldiv_t{result.quotient, result.remainder};
}

void qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*)) {
  c::Qsort(base, count, size, compare);
}
void* bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*)) {
  return c::Bsearch(key, base, count, size, compare);
}

int rand(void) {
  return c::Rand();
}
void srand(unsigned seed) {
  c::Srand(seed);
}
char* getenv(const char* name) {
  return c::Getenv(name);
}

int atexit(void (*function)(void)) {
  return c::Atexit(function);
}
void exit(int code) {
  c::Exit(code);
}
void _Exit(int code) {
  c::QuickExit(code);
}
void abort(void) {
  c::Abort();
}

int* __raeen_errno_location(void) {
  return &c::Errno();
}

void __raeen_assert_fail(const char* expression, const char* file, int line, const char* function) {
  c::Fprintf(c::Stderr(), "%s:%d: %s: assertion failed: %s\n", file, line, function, expression);
  c::FlushAll();
  RaeenPlatformAbort("assertion failed");
}

}  // extern "C"
