#pragma once
// A byte-at-a-time UTF-8 decoder that accepts exactly the well-formed sequences of
// [Unicode 15.0, 3.9, Table 3-7]: no overlong forms, no surrogates, nothing above U+10FFFF.
// The console feeds it text that may split a character across Write() calls; the font parser
// uses it to check the PSF2 Unicode table.

#include <stdint.h>

namespace raeen::kernel {

class Utf8Decoder {
 public:
  enum class Step : uint8_t {
    kNeedMore,   // `byte` started or continued a sequence
    kCodePoint,  // a character is complete: code_point()
    kInvalid,    // `byte` cannot start a character; it is consumed
    // The sequence in progress was cut short by `byte`, which was NOT consumed: report one
    // invalid character and feed `byte` again (it may start a valid one).
    kInvalidRetry,
  };

  constexpr Utf8Decoder() = default;

  Step Feed(uint8_t byte);
  uint32_t code_point() const { return code_point_; }
  // True while a multi-byte sequence is incomplete.
  bool pending() const { return remaining_ != 0; }
  void Reset();

 private:
  uint32_t code_point_ = 0;
  uint8_t remaining_ = 0;
  // The allowed range of the next continuation byte (narrower right after some lead bytes).
  uint8_t lower_ = 0x80;
  uint8_t upper_ = 0xbf;
};

}  // namespace raeen::kernel
