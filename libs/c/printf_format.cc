#include "libs/c/printf_format.h"

#include <stdint.h>

#include "libs/c/c_errno.h"
#include "libs/c/c_string.h"
#include "libs/c/decimal.h"

namespace raeen::libc {
namespace {

constexpr size_t kIntMax = 0x7fffffff;

enum class Length : uint8_t {
  kNone,
  kChar,
  kShort,
  kLong,
  kLongLong,
  kSize,
  kMax,
  kPtrdiff,
  kLongDouble
};

struct Spec {
  bool left = false;
  bool plus = false;
  bool space = false;
  bool alternate = false;
  bool zero = false;
  size_t width = 0;
  int precision = -1;  // -1: none given
  Length length = Length::kNone;
  char conversion = '\0';
};

// Counts everything and passes it on while the sink wants it.
class Out {
 public:
  explicit Out(FormatSink* sink) : sink_(sink) {}

  void Put(const char* text, size_t n) {
    count_ += n;
    if (sink_ != nullptr && !sink_->Discarding()) sink_->Write(text, n);
  }
  void Put(char c) { Put(&c, 1); }
  void Repeat(char c, size_t n) {
    char chunk[32];
    Memset(chunk, c, sizeof(chunk));
    // Once the sink discards, only the count matters (a width can be 2^31).
    while (n > 0 && sink_ != nullptr && !sink_->Discarding()) {
      size_t part = n < sizeof(chunk) ? n : sizeof(chunk);
      Put(chunk, part);
      n -= part;
    }
    count_ += n;
  }
  size_t count() const { return count_; }

 private:
  FormatSink* sink_;
  size_t count_ = 0;
};

// Pads `body_length` bytes of output (of which `prefix_length` are a sign or 0x that zero
// padding goes after) to the width, calling `emit_prefix` and `emit_body` in between.
template <typename EmitPrefix, typename EmitBody>
void Padded(Out& out, const Spec& spec, size_t length, bool zero_pad, EmitPrefix emit_prefix,
            EmitBody emit_body) {
  size_t padding = spec.width > length ? spec.width - length : 0;
  if (!spec.left && !zero_pad) out.Repeat(' ', padding);
  emit_prefix();
  if (!spec.left && zero_pad) out.Repeat('0', padding);
  emit_body();
  if (spec.left) out.Repeat(' ', padding);
}

void FormatText(Out& out, const Spec& spec, const char* text, size_t length) {
  Padded(
      out, spec, length, false, [] {}, [&] { out.Put(text, length); });
}

void FormatInteger(Out& out, const Spec& spec, uint64_t magnitude, bool negative) {
  char c = spec.conversion;
  unsigned base = (c == 'o') ? 8 : (c == 'x' || c == 'X' || c == 'p') ? 16 : 10;
  const char* digit_chars = c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  char digits[24];
  size_t count = 0;
  // Precision 0 prints no digits for the value 0.
  for (uint64_t v = magnitude; v != 0 || (count == 0 && spec.precision != 0); v /= base) {
    digits[count++] = digit_chars[v % base];
  }
  size_t zeros = spec.precision > 0 && static_cast<size_t>(spec.precision) > count
                     ? static_cast<size_t>(spec.precision) - count
                     : 0;
  // '#' with %o: the first digit is a 0.
  if (c == 'o' && spec.alternate && zeros == 0 && (count == 0 || digits[count - 1] != '0')) {
    zeros = 1;
  }
  char prefix[2];
  size_t prefix_length = 0;
  if (c == 'd' || c == 'i') {
    if (negative) {
      prefix[prefix_length++] = '-';
    } else if (spec.plus) {
      prefix[prefix_length++] = '+';
    } else if (spec.space) {
      prefix[prefix_length++] = ' ';
    }
  } else if ((c == 'x' || c == 'X' || c == 'p') && spec.alternate && magnitude != 0) {
    prefix[prefix_length++] = '0';
    prefix[prefix_length++] = c == 'X' ? 'X' : 'x';
  }
  bool zero_pad = spec.zero && !spec.left && spec.precision < 0;
  Padded(
      out, spec, prefix_length + zeros + count, zero_pad, [&] { out.Put(prefix, prefix_length); },
      [&] {
        out.Repeat('0', zeros);
        while (count > 0) out.Put(digits[--count]);
      });
}

// %f: the digits before the point (at least "0"), then `fraction` digits.
void EmitFixed(Out& out, const Decimal& value, size_t fraction, bool point) {
  if (value.point() <= 0) {
    out.Put('0');
  } else {
    for (int i = 1; i <= value.point(); ++i) out.Put(value.DigitAt(i));
  }
  if (fraction > 0 || point) out.Put('.');
  for (size_t j = 1; j <= fraction; ++j)
    out.Put(value.DigitAt(value.point() + static_cast<int>(j)));
}

// %e: d.ddde+XX with `fraction` digits after the point.
void EmitExponent(Out& out, const Decimal& value, size_t fraction, bool point, bool upper) {
  out.Put(value.DigitAt(1));
  if (fraction > 0 || point) out.Put('.');
  for (size_t j = 1; j <= fraction; ++j) out.Put(value.DigitAt(1 + static_cast<int>(j)));
  int exponent = value.IsZero() ? 0 : value.point() - 1;
  out.Put(upper ? 'E' : 'e');
  out.Put(exponent < 0 ? '-' : '+');
  unsigned magnitude = static_cast<unsigned>(exponent < 0 ? -exponent : exponent);
  char digits[8];
  size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (count < 2) digits[count++] = '0';
  while (count > 0) out.Put(digits[--count]);
}

void FormatFloat(Out& out, const Spec& spec, double value) {
  char c = spec.conversion;
  bool upper = c == 'F' || c == 'E' || c == 'G';
  char lower = static_cast<char>(upper ? c - 'A' + 'a' : c);
  char sign = '\0';
  if (__builtin_signbit(value)) {
    sign = '-';
  } else if (spec.plus) {
    sign = '+';
  } else if (spec.space) {
    sign = ' ';
  }
  size_t sign_length = sign != '\0' ? 1 : 0;
  auto emit_sign = [&] {
    if (sign != '\0') out.Put(sign);
  };

  if (__builtin_isinf(value) || __builtin_isnan(value)) {
    const char* text = __builtin_isnan(value) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    Padded(out, spec, sign_length + 3, false, emit_sign, [&] { out.Put(text, 3); });
    return;
  }

  Decimal decimal(value);
  size_t precision = spec.precision < 0 ? 6 : static_cast<size_t>(spec.precision);
  bool exponent_form = lower == 'e';
  size_t fraction = precision;
  if (lower == 'g') {
    // C17 7.21.6.1: P significant digits; X the exponent %e would print. %f style when
    // P > X >= -4, with P - 1 - X fraction digits; %e style otherwise, with P - 1.
    size_t significant = precision == 0 ? 1 : precision;
    Decimal rounded = decimal;
    rounded.RoundToDigits(static_cast<int>(significant));
    long exponent = rounded.IsZero() ? 0 : rounded.point() - 1;
    if (static_cast<long>(significant) > exponent && exponent >= -4) {
      fraction = significant - 1 - static_cast<size_t>(exponent);
    } else {
      exponent_form = true;
      fraction = significant - 1;
    }
  }
  if (exponent_form) {
    decimal.RoundToDigits(static_cast<int>(fraction) + 1);
  } else {
    decimal.RoundToDigits(decimal.point() + static_cast<int>(fraction));
  }
  // %g drops trailing zeros (and a bare point) unless '#'.
  if (lower == 'g' && !spec.alternate) {
    size_t nonzero = 0;
    if (exponent_form) {
      nonzero = decimal.count() > 1 ? static_cast<size_t>(decimal.count() - 1) : 0;
    } else if (decimal.count() > decimal.point()) {
      nonzero = static_cast<size_t>(decimal.count() - decimal.point());
    }
    if (nonzero < fraction) fraction = nonzero;
  }

  auto emit_body = [&](Out& target) {
    if (exponent_form) {
      EmitExponent(target, decimal, fraction, spec.alternate, upper);
    } else {
      EmitFixed(target, decimal, fraction, spec.alternate);
    }
  };
  // Measure first, then pad.
  Out counter(nullptr);
  emit_body(counter);
  Padded(out, spec, sign_length + counter.count(), spec.zero && !spec.left, emit_sign,
         [&] { emit_body(out); });
}

}  // namespace

size_t VFormat(FormatSink& sink, const char* format, va_list args) {
  Out out(&sink);
  const char* p = format;
  while (*p != '\0') {
    if (*p != '%') {
      const char* start = p;
      while (*p != '\0' && *p != '%') ++p;
      out.Put(start, static_cast<size_t>(p - start));
      continue;
    }
    const char* spec_start = p++;
    Spec spec;
    for (;; ++p) {
      if (*p == '-') {
        spec.left = true;
      } else if (*p == '+') {
        spec.plus = true;
      } else if (*p == ' ') {
        spec.space = true;
      } else if (*p == '#') {
        spec.alternate = true;
      } else if (*p == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    if (*p == '*') {
      int width = va_arg(args, int);
      if (width < 0) {
        spec.left = true;
        spec.width = static_cast<size_t>(-static_cast<long>(width));
      } else {
        spec.width = static_cast<size_t>(width);
      }
      ++p;
    } else {
      for (; *p >= '0' && *p <= '9'; ++p) {
        spec.width = spec.width * 10 + static_cast<size_t>(*p - '0');
        if (spec.width > kIntMax) spec.width = kIntMax + 1;
      }
    }
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        int precision = va_arg(args, int);
        spec.precision = precision < 0 ? -1 : precision;
        ++p;
      } else {
        long precision = 0;
        for (; *p >= '0' && *p <= '9'; ++p) {
          precision = precision * 10 + (*p - '0');
          if (precision > static_cast<long>(kIntMax)) precision = kIntMax;
        }
        spec.precision = static_cast<int>(precision);
      }
    }
    switch (*p) {
      case 'h':
        spec.length = p[1] == 'h' ? Length::kChar : Length::kShort;
        p += p[1] == 'h' ? 2 : 1;
        break;
      case 'l':
        spec.length = p[1] == 'l' ? Length::kLongLong : Length::kLong;
        p += p[1] == 'l' ? 2 : 1;
        break;
      case 'z': spec.length = Length::kSize, ++p; break;
      case 'j': spec.length = Length::kMax, ++p; break;
      case 't': spec.length = Length::kPtrdiff, ++p; break;
      case 'L': spec.length = Length::kLongDouble, ++p; break;
      default: break;
    }
    spec.conversion = *p;
    if (*p == '\0') {
      // A format that ends inside a conversion: print what there is.
      out.Put(spec_start, static_cast<size_t>(p - spec_start));
      break;
    }
    ++p;
    switch (spec.conversion) {
      case 'd':
      case 'i': {
        int64_t value = 0;
        switch (spec.length) {
          case Length::kChar: value = static_cast<signed char>(va_arg(args, int)); break;
          case Length::kShort: value = static_cast<short>(va_arg(args, int)); break;
          case Length::kLong:
          case Length::kLongLong:
          case Length::kSize:
          case Length::kMax:
          case Length::kPtrdiff: value = va_arg(args, long long); break;
          default: value = va_arg(args, int); break;
        }
        uint64_t magnitude =
            value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
        FormatInteger(out, spec, magnitude, value < 0);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        uint64_t value = 0;
        switch (spec.length) {
          case Length::kChar: value = static_cast<unsigned char>(va_arg(args, unsigned)); break;
          case Length::kShort: value = static_cast<unsigned short>(va_arg(args, unsigned)); break;
          case Length::kLong:
          case Length::kLongLong:
          case Length::kSize:
          case Length::kMax:
          case Length::kPtrdiff: value = va_arg(args, unsigned long long); break;
          default: value = va_arg(args, unsigned); break;
        }
        FormatInteger(out, spec, value, false);
        break;
      }
      case 'p': {
        void* pointer = va_arg(args, void*);
        if (pointer == nullptr) {
          FormatText(out, spec, "(nil)", 5);
        } else {
          spec.alternate = true;
          FormatInteger(out, spec, reinterpret_cast<uintptr_t>(pointer), false);
        }
        break;
      }
      case 'c': {
        if (spec.length == Length::kLong) {
          (void)va_arg(args, unsigned);  // wint_t: unsupported
          FormatText(out, spec, "", 0);
          break;
        }
        char c = static_cast<char>(va_arg(args, int));
        FormatText(out, spec, &c, 1);
        break;
      }
      case 's': {
        if (spec.length == Length::kLong) {
          (void)va_arg(args, void*);  // wchar_t*: unsupported
          FormatText(out, spec, "", 0);
          break;
        }
        const char* text = va_arg(args, const char*);
        if (text == nullptr) text = "(null)";
        size_t length =
            spec.precision >= 0 ? Strnlen(text, static_cast<size_t>(spec.precision)) : Strlen(text);
        FormatText(out, spec, text, length);
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        double value = spec.length == Length::kLongDouble
                           ? static_cast<double>(va_arg(args, long double))
                           : va_arg(args, double);
        FormatFloat(out, spec, value);
        break;
      }
      case 'n': (void)va_arg(args, void*); break;
      case '%': out.Put('%'); break;
      default: out.Put(spec_start, static_cast<size_t>(p - spec_start)); break;
    }
  }
  return out.count();
}

namespace {

class BufferSink final : public FormatSink {
 public:
  BufferSink(char* buffer, size_t size) : buffer_(buffer), capacity_(size > 0 ? size - 1 : 0) {}
  void Write(const char* text, size_t n) override {
    size_t room = capacity_ - used_;
    size_t part = n < room ? n : room;
    Memcpy(buffer_ + used_, text, part);
    used_ += part;
  }
  bool Discarding() const override { return used_ == capacity_; }
  size_t used() const { return used_; }

 private:
  char* buffer_;
  size_t capacity_;
  size_t used_ = 0;
};

}  // namespace

int Vsnprintf(char* __restrict buffer, size_t size, const char* __restrict format, va_list args) {
  BufferSink sink(buffer, size);
  size_t length = VFormat(sink, format, args);
  if (size > 0) buffer[sink.used()] = '\0';
  if (length > kIntMax) {
    SetErrno(RAEEN_EOVERFLOW);
    return -1;
  }
  return static_cast<int>(length);
}

int Snprintf(char* __restrict buffer, size_t size, const char* __restrict format, ...) {
  va_list args;
  va_start(args, format);
  int length = Vsnprintf(buffer, size, format, args);
  va_end(args);
  return length;
}

}  // namespace raeen::libc
