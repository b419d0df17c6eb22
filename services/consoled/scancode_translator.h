#pragma once
// PS/2 keyboard scancodes to terminal bytes: what a user typing at the keyboard means, in the
// bytes a VT100-style terminal would send (what the shell's line editor reads). Pure logic
// (no port I/O), tested on the host; ps2_keyboard.h feeds it the controller's bytes.
//
// The input is scan code set 1, which the i8042 delivers by default: its translation
// (command byte bit 6, on after every BIOS and in QEMU) turns the keyboard's set 2 into set 1.
// A key's make code is one byte 0x01-0x58, its break code the same | 0x80; the keys added
// after the PC/XT come as 0xE0 then a set-1 code [IBM PS/2 Hardware Interface Technical
// Reference, Keyboard and Auxiliary Device Controller; the "Scan Code Set 1" table].
//
// What comes out: printable ASCII (US layout) with Shift and Caps Lock; Enter as "\r", Tab,
// Backspace as DEL (0x7f, like xterm), Escape; Ctrl+A..Z as 0x01..0x1a (and Ctrl+[ \ ] as
// 0x1b..0x1d); arrows, Home, End, Insert, Delete, Page Up/Down as the ANSI sequences ESC [ A,
// B, C, D, H, F, 2~, 3~, 5~, 6~; the keypad as digits (Num Lock on, the default) or as the
// navigation keys (off). Alt prefixes a key's bytes with ESC (xterm's metaSendsEscape).
// Function keys, key releases and controller replies yield nothing.

#include <stddef.h>
#include <stdint.h>

namespace raeen::consoled {

class ScancodeTranslator {
 public:
  // The most bytes one scancode byte yields ("\x1b\x1b[3~": Alt+Delete).
  static constexpr size_t kMaxOutput = 8;

  // One byte from the controller. Writes what it means into `out` (kMaxOutput bytes of room)
  // and returns how many bytes that is, often 0 (a prefix, a release, a modifier).
  size_t Feed(uint8_t scancode, uint8_t* out);

  bool shift() const { return left_shift_ || right_shift_; }
  bool ctrl() const { return left_ctrl_ || right_ctrl_; }
  bool alt() const { return left_alt_ || right_alt_; }
  bool caps_lock() const { return caps_lock_; }
  bool num_lock() const { return num_lock_; }

 private:
  size_t Extended(uint8_t code, bool released, uint8_t* out);
  size_t Plain(uint8_t code, bool released, uint8_t* out);
  // A navigation key's sequence: ESC [ then `tail`.
  size_t Sequence(const char* tail, uint8_t* out) const;
  size_t Character(uint8_t c, uint8_t* out) const;

  bool extended_ = false;   // the last byte was 0xE0
  uint8_t pause_skip_ = 0;  // bytes of an 0xE1 (Pause) sequence still to swallow
  bool left_shift_ = false;
  bool right_shift_ = false;
  bool left_ctrl_ = false;
  bool right_ctrl_ = false;
  bool left_alt_ = false;
  bool right_alt_ = false;
  bool caps_lock_ = false;
  bool num_lock_ = true;
};

}  // namespace raeen::consoled
