#pragma once
// <stdlib.h> apart from the heap (allocator.h).

#include <stddef.h>

namespace raeen::libc {

// Base 0 (prefix decides: 0x hex, 0 octal, else decimal) or 2..36; leading white space and a
// sign are accepted; "0x" without a hex digit after it parses as 0 and ends at the x. Out of
// range: the limit of the type in the direction of the sign, errno ERANGE. No digits: 0 and
// *end = s. Bad base: 0, errno EINVAL, *end = s. (The unsigned forms negate a "-" value in
// their type, as C says.) long is 64-bit on x86-64, so Strtol = Strtoll.
long Strtol(const char* __restrict s, char** __restrict end, int base);
long long Strtoll(const char* __restrict s, char** __restrict end, int base);
unsigned long Strtoul(const char* __restrict s, char** __restrict end, int base);
unsigned long long Strtoull(const char* __restrict s, char** __restrict end, int base);
int Atoi(const char* s);
long Atol(const char* s);
long long Atoll(const char* s);

int Abs(int value);
long Labs(long value);
long long Llabs(long long value);
struct DivResult {
  long long quotient;
  long long remainder;
};
DivResult Div(long long numerator, long long denominator);

// Introsort (median-of-three quicksort, heapsort past 2 log2 n levels, insertion sort for
// short runs): O(n log n) worst case, O(log n) stack, not stable.
void Qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*));
void* Bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*));

// A 64-bit linear congruential generator; the high bits are returned. Not for secrets.
int Rand();
void Srand(unsigned seed);

// No environment yet: always null.
char* Getenv(const char* name);

// Up to kMaxAtExit functions, run in reverse order by Exit. 0, or -1 when full.
constexpr int kMaxAtExit = 32;
int Atexit(void (*function)());
// Runs the atexit functions, flushes the streams, ends the process.
[[noreturn]] void Exit(int code);
// Ends the process without atexit functions or flushing.
[[noreturn]] void QuickExit(int code);
[[noreturn]] void Abort();

}  // namespace raeen::libc
