#include "services/consoled/scancode_translator.h"

namespace raeen::consoled {
namespace {

constexpr uint8_t kEscape = 0x1b;
constexpr uint8_t kExtendedPrefix = 0xe0;
constexpr uint8_t kPausePrefix = 0xe1;  // E1 1D 45 E1 9D C5: Pause, make and break at once
constexpr uint8_t kReleased = 0x80;

// Set-1 make codes of the keys handled by name.
constexpr uint8_t kLeftCtrl = 0x1d;  // E0 1D: right Ctrl
constexpr uint8_t kLeftShift = 0x2a;
constexpr uint8_t kRightShift = 0x36;
constexpr uint8_t kLeftAlt = 0x38;  // E0 38: right Alt
constexpr uint8_t kCapsLock = 0x3a;
constexpr uint8_t kNumLock = 0x45;
constexpr uint8_t kKeypadFirst = 0x47;  // keypad 7 .. keypad . (0x53)
constexpr uint8_t kKeypadLast = 0x53;

// Codes 0x00-0x39 without and with Shift (US layout); 0 means no character.
// 0x0e Backspace, 0x0f Tab, 0x1c Enter, 0x01 Escape are in the table as their bytes.
constexpr char kPlain[0x3a] = {
    0,    0x1b, '1', '2', '3', '4', '5', '6', '7', '8', '9',  '0', '-', '=',  0x7f,
    '\t', 'q',  'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',  '[', ']', '\r', 0,
    'a',  's',  'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
    'x',  'c',  'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',  0,   ' ',
};
constexpr char kShifted[0x3a] = {
    0,    0x1b, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',  0x7f,
    '\t', 'Q',  'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0,
    'A',  'S',  'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|',  'Z',
    'X',  'C',  'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

// The keypad, 0x47-0x53, with Num Lock on (a character) and off (a sequence tail, or none).
constexpr char kKeypadDigits[] = "789-456+1230.";
constexpr const char* kKeypadNavigation[] = {
    "H", "A", "5~", nullptr, "D", nullptr, "C", nullptr, "F", "B", "6~", "2~", "3~",
};

bool IsLetter(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

size_t ScancodeTranslator::Sequence(const char* tail, uint8_t* out) const {
  size_t n = 0;
  if (alt()) out[n++] = kEscape;
  out[n++] = kEscape;
  out[n++] = '[';
  for (; *tail != '\0'; ++tail) out[n++] = static_cast<uint8_t>(*tail);
  return n;
}

size_t ScancodeTranslator::Character(uint8_t c, uint8_t* out) const {
  if (ctrl()) {
    // Ctrl+letter is the letter's position in the alphabet; Ctrl+[ \ ] are ESC, FS, GS
    // (ASCII's control characters are the characters 0x40-0x5f with bit 6 cleared).
    if (IsLetter(c)) {
      c = static_cast<uint8_t>(c & 0x1f);
    } else if (c == '[' || c == '\\' || c == ']') {
      c = static_cast<uint8_t>(c - 0x40);
    }
  }
  size_t n = 0;
  if (alt()) out[n++] = kEscape;
  out[n++] = c;
  return n;
}

size_t ScancodeTranslator::Extended(uint8_t code, bool released, uint8_t* out) {
  switch (code) {
    case kLeftCtrl: right_ctrl_ = !released; return 0;
    case kLeftAlt: right_alt_ = !released; return 0;
    default: break;
  }
  if (released) return 0;
  switch (code) {
    case 0x1c: return Character('\r', out);  // keypad Enter
    case 0x35: return Character('/', out);   // keypad /
    case 0x47: return Sequence("H", out);    // Home
    case 0x48: return Sequence("A", out);    // Up
    case 0x49: return Sequence("5~", out);   // Page Up
    case 0x4b: return Sequence("D", out);    // Left
    case 0x4d: return Sequence("C", out);    // Right
    case 0x4f: return Sequence("F", out);    // End
    case 0x50: return Sequence("B", out);    // Down
    case 0x51: return Sequence("6~", out);   // Page Down
    case 0x52: return Sequence("2~", out);   // Insert
    case 0x53: return Sequence("3~", out);   // Delete
    default: return 0;  // E0 2A/36 (the fake shifts around Print Screen) and the rest
  }
}

size_t ScancodeTranslator::Plain(uint8_t code, bool released, uint8_t* out) {
  switch (code) {
    case kLeftShift: left_shift_ = !released; return 0;
    case kRightShift: right_shift_ = !released; return 0;
    case kLeftCtrl: left_ctrl_ = !released; return 0;
    case kLeftAlt: left_alt_ = !released; return 0;
    default: break;
  }
  if (released) return 0;
  if (code == kCapsLock) {
    caps_lock_ = !caps_lock_;
    return 0;
  }
  if (code == kNumLock) {
    num_lock_ = !num_lock_;
    return 0;
  }
  if (code >= kKeypadFirst && code <= kKeypadLast) {
    const size_t index = code - kKeypadFirst;
    // Shift inverts Num Lock on the keypad, as on a PC.
    if (num_lock_ != shift()) return Character(static_cast<uint8_t>(kKeypadDigits[index]), out);
    const char* tail = kKeypadNavigation[index];
    if (tail != nullptr) return Sequence(tail, out);
    return Character(static_cast<uint8_t>(kKeypadDigits[index]), out);  // - + and 5
  }
  if (code >= sizeof(kPlain)) return 0;  // function keys and codes no key sends
  uint8_t c = static_cast<uint8_t>(shift() ? kShifted[code] : kPlain[code]);
  if (c == 0) return 0;
  // Caps Lock shifts letters only, and Shift undoes it.
  if (caps_lock_ && IsLetter(c)) c = static_cast<uint8_t>(c ^ 0x20);
  return Character(c, out);
}

size_t ScancodeTranslator::Feed(uint8_t scancode, uint8_t* out) {
  if (pause_skip_ != 0) {
    --pause_skip_;
    return 0;
  }
  if (scancode == kPausePrefix) {
    pause_skip_ = 2;  // each E1 is followed by two bytes
    extended_ = false;
    return 0;
  }
  if (scancode == kExtendedPrefix) {
    extended_ = true;
    return 0;
  }
  // Controller and keyboard replies: ACK (FA), resend (FE), echo (EE), overrun (00, FF).
  // 0xAA (self-test passed) is also Left Shift's break code, which handles it harmlessly.
  if (scancode == 0xfa || scancode == 0xfe || scancode == 0xee || scancode == 0x00 ||
      scancode == 0xff) {
    extended_ = false;
    return 0;
  }
  const bool released = (scancode & kReleased) != 0;
  const uint8_t code = scancode & ~kReleased;
  const bool extended = extended_;
  extended_ = false;
  return extended ? Extended(code, released, out) : Plain(code, released, out);
}

}  // namespace raeen::consoled
