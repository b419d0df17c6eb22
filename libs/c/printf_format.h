#pragma once
// The printf engine behind snprintf, printf and fprintf.
//
// Conversions: d i u o x X c s p %, and f F e E g G for doubles (L for long double, converted
// to double). Flags - + space # 0, width and precision (both may be `*`), length modifiers
// hh h l ll z j t L. Floating-point output is exact: the double's full decimal expansion is
// rounded half-to-even at the requested digit, as glibc does, so every double prints the
// same as on the host. %p prints like %#lx, and a null pointer as "(nil)".
//
// Not supported: %n (its pointer argument is consumed and nothing is stored: writing through
// a format string is a classic exploit), %a/%A, wide characters (%lc, %ls print nothing
// beyond their padding), positional arguments (%1$d). An unknown conversion is printed as
// written, so mistakes show in the output.

#include <stdarg.h>
#include <stddef.h>

#include "libs/c/include/raeen/libc_abi.h"

namespace raeen::libc {

// Where formatted text goes.
class FormatSink {
 public:
  virtual void Write(const char* text, size_t n) = 0;
  // True when further text would be thrown away, so that only its length matters.
  virtual bool Discarding() const { return false; }

 protected:
  ~FormatSink() = default;
};

// Formats into `sink` and returns the number of bytes produced.
size_t VFormat(FormatSink& sink, const char* format, va_list args);

// C semantics: the length the whole output would have, or -1 (errno EOVERFLOW) when that
// exceeds INT_MAX. At most `size` - 1 bytes are stored, always NUL-terminated when size > 0.
int Vsnprintf(char* __restrict buffer, size_t size, const char* __restrict format, va_list args);
int Snprintf(char* __restrict buffer, size_t size, const char* __restrict format, ...)
    RAEEN_PRINTF_LIKE(3, 4);

}  // namespace raeen::libc
