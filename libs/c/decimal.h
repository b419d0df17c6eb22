#pragma once
// The exact decimal expansion of a finite double, for printf's %f, %e and %g.
//
// A double is m * 2^e with m < 2^53. For e >= 0 that is an integer of at most 309 digits;
// for e < 0 it is m * 5^-e / 10^-e, whose numerator has at most 767 digits. Both are computed
// exactly with a small base-10^9 big number, so rounding at any digit is exact and ties are
// real ties (broken to even, as glibc does in the default rounding mode).

#include <stddef.h>

namespace raeen::libc {

class Decimal {
 public:
  static constexpr int kMaxDigits = 810;

  // The absolute value of `value` (finite).
  explicit Decimal(double value);

  // value = 0.d1 d2 d3 ... * 10^point; no trailing zero digits; zero has no digits.
  int count() const { return count_; }
  int point() const { return point_; }
  bool IsZero() const { return count_ == 0; }
  // Digit `i` (1-based), '0' outside the stored digits.
  char DigitAt(int i) const { return i >= 1 && i <= count_ ? digits_[i - 1] : '0'; }

  // Rounds to the first `keep` digits (half to even). keep <= 0 can round up to a single 1
  // one place higher (0.96 to one digit at keep 0 is 1.0), else to zero.
  void RoundToDigits(int keep);

 private:
  void StripTrailingZeros();

  char digits_[kMaxDigits];
  int count_ = 0;
  int point_ = 0;
};

}  // namespace raeen::libc
