#include "tools/testrunner/ansi_stripper.h"

namespace raeen::tools::testrunner {
namespace {

constexpr char kEsc = '\x1b';
constexpr char kBel = '\x07';

bool IsKeptControl(unsigned char c) {
  return c == '\n' || c == '\r' || c == '\t';
}

}  // namespace

void AnsiStripper::Feed(std::string_view bytes, std::string& out) {
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    switch (state_) {
      case State::kText:
        if (ch == kEsc) {
          state_ = State::kEscape;
        } else if (c >= 0x20 || IsKeptControl(c)) {
          // DEL (0x7f) is not printable either; bytes >= 0x80 are UTF-8 and kept.
          if (c != 0x7f) out.push_back(ch);
        }
        break;
      case State::kEscape:
        if (ch == '[') {
          state_ = State::kCsi;
        } else if (ch == ']' || ch == 'P' || ch == 'X' || ch == '^' || ch == '_') {
          state_ = State::kString;
        } else if (c >= 0x20 && c <= 0x2f) {
          state_ = State::kEscapeIntermediate;  // e.g. ESC ( B: one more byte follows
        } else if (ch == kEsc) {
          state_ = State::kEscape;  // a lone ESC followed by a new sequence
        } else {
          state_ = State::kText;  // ESC = , ESC 7, ESC c ...: two bytes, done
        }
        break;
      case State::kEscapeIntermediate:
        if (c < 0x20 || c > 0x2f) state_ = State::kText;
        break;
      case State::kCsi:
        // Parameter bytes 0x30-0x3f (digits ; ? = < >), intermediates 0x20-0x2f, final
        // 0x40-0x7e. Anything else aborts the sequence; ESC starts a new one.
        if (c >= 0x40 && c <= 0x7e) {
          state_ = State::kText;
        } else if (ch == kEsc) {
          state_ = State::kEscape;
        } else if (c < 0x20 || c > 0x7e) {
          state_ = State::kText;
          if (IsKeptControl(c)) out.push_back(ch);
        }
        break;
      case State::kString:
        // A newline also ends the string: an unterminated OSC from a confused guest must not
        // swallow the rest of the log.
        if (ch == kBel) {
          state_ = State::kText;
        } else if (ch == kEsc) {
          state_ = State::kStringEscape;
        } else if (ch == '\n') {
          state_ = State::kText;
          out.push_back(ch);
        }
        break;
      case State::kStringEscape:
        // ESC \ is the string terminator; any other ESC x starts a new sequence.
        if (ch == '\\') {
          state_ = State::kText;
        } else {
          state_ = State::kEscape;
          Feed(std::string_view(&ch, 1), out);
        }
        break;
    }
  }
}

std::string AnsiStripper::Strip(std::string_view text) {
  AnsiStripper stripper;
  std::string out;
  stripper.Feed(text, out);
  return out;
}

}  // namespace raeen::tools::testrunner
