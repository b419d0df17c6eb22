#include "kernel/console/escape_parser.h"

namespace raeen::kernel {
namespace {

constexpr uint8_t kEsc = 0x1b;
constexpr uint8_t kDel = 0x7f;

}  // namespace

void EscapeParser::StartCsi() {
  state_ = State::kCsi;
  ignore_ = false;
  current_ = 0;
  param_count_ = 0;
}

void EscapeParser::PushParam() {
  if (param_count_ < kMaxParams) params_[param_count_++] = current_;
  current_ = 0;
}

EscapeParser::Action EscapeParser::Feed(uint8_t byte) {
  switch (state_) {
    case State::kGround:
      if (byte == kEsc) {
        state_ = State::kEscape;
        return Action::kNone;
      }
      return Action::kByte;

    case State::kEscape:
      if (byte == '[') {
        StartCsi();
        return Action::kNone;
      }
      if (byte == kEsc || byte == kDel || (byte >= 0x20 && byte <= 0x2f)) {
        // A repeated ESC restarts; DEL is ignored everywhere; intermediates continue.
        return Action::kNone;
      }
      state_ = State::kGround;
      // A final byte ends a two-byte (or intermediate) escape such as ESC c: swallowed.
      if (byte >= 0x30 && byte <= 0x7e) return Action::kNone;
      return Action::kByte;

    case State::kCsi:
      if (byte >= '0' && byte <= '9') {
        uint32_t value = current_ * 10u + (byte - '0');
        current_ = static_cast<uint16_t>(value > kMaxParamValue ? kMaxParamValue : value);
        return Action::kNone;
      }
      if (byte == ';' || byte == ':') {
        PushParam();
        return Action::kNone;
      }
      if ((byte >= 0x3c && byte <= 0x3f) || (byte >= 0x20 && byte <= 0x2f)) {
        ignore_ = true;  // private parameters (ESC[?25h) or intermediates: not reported
        return Action::kNone;
      }
      if (byte >= 0x40 && byte <= 0x7e) {
        PushParam();
        state_ = State::kGround;
        if (ignore_) return Action::kNone;
        final_ = byte;
        return byte == 'm' ? Action::kSgr : Action::kCsi;
      }
      if (byte == kEsc) {
        state_ = State::kEscape;
        return Action::kNone;
      }
      if (byte == kDel) return Action::kNone;
      // A C0 control or a non-ASCII byte: the sequence is broken, hand the byte back.
      state_ = State::kGround;
      return Action::kByte;
  }
  return Action::kByte;
}

}  // namespace raeen::kernel
