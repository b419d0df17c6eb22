#include "libs/c/decimal.h"

#include <stdint.h>

namespace raeen::libc {
namespace {

// An unsigned integer in base 10^9, least significant limb first.
class BigDecimal {
 public:
  // 767 digits need 86 limbs.
  static constexpr int kLimbs = 90;
  static constexpr uint32_t kBase = 1000000000;

  explicit BigDecimal(uint64_t value) {
    while (value != 0) {
      limbs_[size_++] = static_cast<uint32_t>(value % kBase);
      value /= kBase;
    }
  }

  // factor < 2^32, so limb * factor + carry < 10^9 * 2^32 + 2^32 fits 64 bits.
  void Multiply(uint32_t factor) {
    uint64_t carry = 0;
    for (int i = 0; i < size_; ++i) {
      uint64_t product = static_cast<uint64_t>(limbs_[i]) * factor + carry;
      limbs_[i] = static_cast<uint32_t>(product % kBase);
      carry = product / kBase;
    }
    while (carry != 0) {
      limbs_[size_++] = static_cast<uint32_t>(carry % kBase);
      carry /= kBase;
    }
  }

  void MultiplyByPowerOfTwo(int exponent) {
    for (; exponent >= 31; exponent -= 31) Multiply(uint32_t{1} << 31);
    Multiply(uint32_t{1} << exponent);
  }

  void MultiplyByPowerOfFive(int exponent) {
    for (; exponent >= 13; exponent -= 13) Multiply(1220703125);  // 5^13
    uint32_t rest = 1;
    while (exponent-- > 0) rest *= 5;
    Multiply(rest);
  }

  // Writes the digits, most significant first, without leading zeros; returns how many.
  int ToDigits(char* out) const {
    int count = 0;
    for (int i = size_ - 1; i >= 0; --i) {
      char group[9];
      uint32_t limb = limbs_[i];
      for (int j = 8; j >= 0; --j) {
        group[j] = static_cast<char>('0' + limb % 10);
        limb /= 10;
      }
      int first = 0;
      if (i == size_ - 1) {
        while (first < 8 && group[first] == '0') ++first;
      }
      for (int j = first; j < 9; ++j) out[count++] = group[j];
    }
    return count;
  }

 private:
  uint32_t limbs_[kLimbs] = {};
  int size_ = 0;
};

}  // namespace

Decimal::Decimal(double value) {
  uint64_t bits = __builtin_bit_cast(uint64_t, value);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0 && mantissa == 0) return;
  int exponent = 0;
  if (biased == 0) {
    exponent = -1074;  // subnormal
  } else {
    mantissa |= uint64_t{1} << 52;
    exponent = biased - 1075;
  }
  while ((mantissa & 1) == 0) {
    mantissa >>= 1;
    ++exponent;
  }
  BigDecimal number(mantissa);
  if (exponent >= 0) {
    number.MultiplyByPowerOfTwo(exponent);
  } else {
    number.MultiplyByPowerOfFive(-exponent);
  }
  count_ = number.ToDigits(digits_);
  point_ = exponent >= 0 ? count_ : count_ + exponent;
  StripTrailingZeros();
}

void Decimal::StripTrailingZeros() {
  while (count_ > 0 && digits_[count_ - 1] == '0') --count_;
  if (count_ == 0) point_ = 0;
}

void Decimal::RoundToDigits(int keep) {
  if (keep >= count_) return;
  if (keep < 0) {
    count_ = 0;
    point_ = 0;
    return;
  }
  char next = digits_[keep];
  bool more = keep + 1 < count_;  // trailing zeros are stripped: anything after is nonzero
  bool odd = keep > 0 && (digits_[keep - 1] - '0') % 2 == 1;
  bool up = next > '5' || (next == '5' && (more || odd));
  count_ = keep;
  if (up) {
    int i = keep - 1;
    while (i >= 0 && digits_[i] == '9') --i;
    if (i < 0) {
      // 9...9 rounds up to 10...0: one digit more before the point.
      digits_[0] = '1';
      count_ = 1;
      ++point_;
    } else {
      ++digits_[i];
      count_ = i + 1;
    }
  }
  StripTrailingZeros();
}

}  // namespace raeen::libc
