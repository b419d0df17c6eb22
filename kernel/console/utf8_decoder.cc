#include "kernel/console/utf8_decoder.h"

namespace raeen::kernel {

void Utf8Decoder::Reset() {
  code_point_ = 0;
  remaining_ = 0;
  lower_ = 0x80;
  upper_ = 0xbf;
}

Utf8Decoder::Step Utf8Decoder::Feed(uint8_t byte) {
  if (remaining_ == 0) {
    if (byte < 0x80) {
      code_point_ = byte;
      return Step::kCodePoint;
    }
    // 80..BF are continuation bytes and C0, C1 could only start overlong two-byte forms.
    if (byte < 0xc2) return Step::kInvalid;
    if (byte < 0xe0) {
      code_point_ = byte & 0x1f;
      remaining_ = 1;
    } else if (byte < 0xf0) {
      code_point_ = byte & 0x0f;
      remaining_ = 2;
      if (byte == 0xe0) lower_ = 0xa0;  // E0 80..9F would be overlong
      if (byte == 0xed) upper_ = 0x9f;  // ED A0..BF would encode surrogates
    } else if (byte < 0xf5) {
      code_point_ = byte & 0x07;
      remaining_ = 3;
      if (byte == 0xf0) lower_ = 0x90;  // F0 80..8F would be overlong
      if (byte == 0xf4) upper_ = 0x8f;  // F4 90.. would exceed U+10FFFF
    } else {
      return Step::kInvalid;
    }
    return Step::kNeedMore;
  }

  if (byte < lower_ || byte > upper_) {
    Reset();
    return Step::kInvalidRetry;
  }
  lower_ = 0x80;
  upper_ = 0xbf;
  code_point_ = (code_point_ << 6) | (byte & 0x3f);
  return --remaining_ == 0 ? Step::kCodePoint : Step::kNeedMore;
}

}  // namespace raeen::kernel
