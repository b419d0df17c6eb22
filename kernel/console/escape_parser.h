#pragma once
// Recognises the escape sequences that may appear in console text, so that the framebuffer
// console can apply colours (SGR) and cursor controls and swallow everything else instead of
// drawing it.
// Grammar from ECMA-48 (5th ed., 1991), 5.3-5.4: ESC [ P...P I...I F, where parameter bytes
// P are 0x30-0x3F, intermediate bytes I are 0x20-0x2F and the final byte F is 0x40-0x7E;
// other escapes are ESC I...I F with F in 0x30-0x7E.
//
// Plain control sequences `ESC [ <n>;<n>... F` are reported: SGR (F = 'm', Select Graphic
// Rendition, ECMA-48 8.3.117) as kSgr, any other final byte as kCsi for the console to act
// on or ignore. Sequences with a private marker (ESC [ ? ...) or intermediate bytes, and
// every other escape, are swallowed. A C0 control character or a non-ASCII byte inside a
// sequence cancels it and is passed on, so a stray ESC can never hide the rest of a log line.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/span.h"

namespace raeen::kernel {

class EscapeParser {
 public:
  enum class Action : uint8_t {
    kNone,  // the byte belongs to an escape sequence: draw nothing
    kByte,  // an ordinary byte (text or control character) for the caller to handle
    kSgr,   // a complete SGR sequence: params() holds its parameters
    kCsi,   // another complete control sequence: final_byte() and params()
  };

  // Parameters beyond this many are dropped; values saturate at kMaxParamValue.
  static constexpr size_t kMaxParams = 16;
  static constexpr uint16_t kMaxParamValue = 9999;

  constexpr EscapeParser() = default;

  Action Feed(uint8_t byte);

  // The parameters after Feed() returned kSgr or kCsi. An empty parameter reads as 0, so
  // `ESC[m` gives {0} (for cursor controls 0 means the default, 1).
  rstd::Span<const uint16_t> params() const { return {params_, param_count_}; }
  // The final byte (0x40-0x7E) after Feed() returned kCsi, e.g. 'K' for `ESC [ K`.
  uint8_t final_byte() const { return final_; }

  // True while inside a sequence.
  bool in_sequence() const { return state_ != State::kGround; }

 private:
  enum class State : uint8_t { kGround, kEscape, kCsi };

  void StartCsi();
  void PushParam();

  State state_ = State::kGround;
  // The sequence has a private marker or intermediate bytes: not a plain SGR, ignore it.
  bool ignore_ = false;
  uint16_t current_ = 0;
  uint8_t final_ = 0;
  size_t param_count_ = 0;
  uint16_t params_[kMaxParams] = {};
};

}  // namespace raeen::kernel
