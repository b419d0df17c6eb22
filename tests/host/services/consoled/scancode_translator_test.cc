#include "services/consoled/scancode_translator.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace raeen::consoled {
namespace {

// Set-1 make codes used below [IBM PS/2 Technical Reference, Scan Code Set 1].
constexpr uint8_t kA = 0x1e;
constexpr uint8_t kC = 0x2e;
constexpr uint8_t kZ = 0x2c;
constexpr uint8_t k1 = 0x02;
constexpr uint8_t kMinus = 0x0c;
constexpr uint8_t kSpace = 0x39;
constexpr uint8_t kEnter = 0x1c;
constexpr uint8_t kBackspace = 0x0e;
constexpr uint8_t kTab = 0x0f;
constexpr uint8_t kEscape = 0x01;
constexpr uint8_t kLeftShift = 0x2a;
constexpr uint8_t kRightShift = 0x36;
constexpr uint8_t kCtrl = 0x1d;
constexpr uint8_t kAlt = 0x38;
constexpr uint8_t kCapsLock = 0x3a;
constexpr uint8_t kNumLock = 0x45;
constexpr uint8_t kBracket = 0x1a;
constexpr uint8_t kF1 = 0x3b;
constexpr uint8_t kKeypad7 = 0x47;
constexpr uint8_t kKeypad5 = 0x4c;
constexpr uint8_t kE0 = 0xe0;
constexpr uint8_t kBreak = 0x80;

// Everything `bytes` yields, concatenated.
std::string Feed(ScancodeTranslator& keyboard, std::initializer_list<uint8_t> bytes) {
  std::string out;
  for (uint8_t byte : bytes) {
    uint8_t buffer[ScancodeTranslator::kMaxOutput + 8];
    const size_t n = keyboard.Feed(byte, buffer);
    EXPECT_LE(n, ScancodeTranslator::kMaxOutput);
    out.append(reinterpret_cast<const char*>(buffer), n);
  }
  return out;
}

// A key pressed and released.
std::string Tap(ScancodeTranslator& keyboard, uint8_t make) {
  return Feed(keyboard, {make, static_cast<uint8_t>(make | kBreak)});
}

TEST(ScancodeTranslator, LettersDigitsAndPunctuation) {
  ScancodeTranslator keyboard;
  std::string typed;
  // "echo fb-ok": e c h o space f b minus o k
  for (uint8_t make : {0x12, 0x2e, 0x23, 0x18, 0x39, 0x21, 0x30, 0x0c, 0x18, 0x25}) {
    typed += Tap(keyboard, make);
  }
  EXPECT_EQ(typed, "echo fb-ok");
  EXPECT_EQ(Tap(keyboard, k1) + Tap(keyboard, 0x0b) + Tap(keyboard, 0x35) + Tap(keyboard, 0x2b) +
                Tap(keyboard, 0x28) + Tap(keyboard, 0x29),
            "10/\\'`");
}

TEST(ScancodeTranslator, ReleasesYieldNothing) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Feed(keyboard, {kA}), "a");
  EXPECT_EQ(Feed(keyboard, {kA}), "a");  // typematic repeat: make again
  EXPECT_EQ(Feed(keyboard, {kA | kBreak}), "");
}

TEST(ScancodeTranslator, ShiftEitherSide) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Feed(keyboard, {kLeftShift, kA, k1, kMinus, kLeftShift | kBreak, kA}), "A!_a");
  EXPECT_EQ(Feed(keyboard, {kRightShift, kZ, 0x27, kRightShift | kBreak, kZ}), "Z:z");
  // Both held: releasing one keeps the other.
  EXPECT_EQ(Feed(keyboard, {kLeftShift, kRightShift, kLeftShift | kBreak, kA}), "A");
  EXPECT_TRUE(keyboard.shift());
}

TEST(ScancodeTranslator, CapsLockTogglesLettersOnly) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Tap(keyboard, kCapsLock), "");
  EXPECT_TRUE(keyboard.caps_lock());
  EXPECT_EQ(Tap(keyboard, kA) + Tap(keyboard, k1), "A1");
  EXPECT_EQ(Feed(keyboard, {kLeftShift, kA, k1, kLeftShift | kBreak}), "a!");
  EXPECT_EQ(Tap(keyboard, kCapsLock) + Tap(keyboard, kA), "a");
}

TEST(ScancodeTranslator, ControlLetters) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Feed(keyboard, {kCtrl, kA, kC, kZ, kBracket, kCtrl | kBreak, kA}),
            std::string("\x01\x03\x1a\x1b") + "a");
  // Ctrl with Shift is still the control character; right Ctrl works too.
  EXPECT_EQ(Feed(keyboard, {kE0, kCtrl, kLeftShift, kC, kLeftShift | kBreak, kE0, kCtrl | kBreak}),
            "\x03");
  EXPECT_FALSE(keyboard.ctrl());
  // Ctrl leaves digits alone.
  EXPECT_EQ(Feed(keyboard, {kCtrl, k1, kCtrl | kBreak}), "1");
}

TEST(ScancodeTranslator, EnterBackspaceTabEscape) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Tap(keyboard, kEnter), "\r");
  EXPECT_EQ(Tap(keyboard, kBackspace), "\x7f");
  EXPECT_EQ(Tap(keyboard, kTab), "\t");
  EXPECT_EQ(Tap(keyboard, kEscape), "\x1b");
  EXPECT_EQ(Tap(keyboard, kSpace), " ");
  EXPECT_EQ(Feed(keyboard, {kE0, kEnter, kE0, kEnter | kBreak}), "\r");  // keypad Enter
}

TEST(ScancodeTranslator, NavigationKeysAreAnsiSequences) {
  ScancodeTranslator keyboard;
  const struct {
    uint8_t code;
    const char* expected;
  } keys[] = {
      {0x48, "\x1b[A"}, {0x50, "\x1b[B"},  {0x4d, "\x1b[C"},  {0x4b, "\x1b[D"},  {0x47, "\x1b[H"},
      {0x4f, "\x1b[F"}, {0x53, "\x1b[3~"}, {0x52, "\x1b[2~"}, {0x49, "\x1b[5~"}, {0x51, "\x1b[6~"},
  };
  for (const auto& key : keys) {
    EXPECT_EQ(Feed(keyboard, {kE0, key.code, kE0, static_cast<uint8_t>(key.code | kBreak)}),
              key.expected)
        << "E0 " << std::hex << int{key.code};
  }
}

TEST(ScancodeTranslator, AltPrefixesEscape) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Feed(keyboard, {kAlt, kA, kE0, 0x53, kAlt | kBreak, kA}),
            "\x1b"
            "a\x1b\x1b[3~a");
  EXPECT_EQ(Feed(keyboard, {kE0, kAlt, kA, kE0, kAlt | kBreak, kA}),
            "\x1b"
            "aa");
}

TEST(ScancodeTranslator, KeypadFollowsNumLock) {
  ScancodeTranslator keyboard;
  EXPECT_TRUE(keyboard.num_lock());
  EXPECT_EQ(Tap(keyboard, kKeypad7) + Tap(keyboard, kKeypad5) + Tap(keyboard, 0x53), "75.");
  EXPECT_EQ(Tap(keyboard, kNumLock), "");
  EXPECT_EQ(Tap(keyboard, kKeypad7) + Tap(keyboard, 0x48) + Tap(keyboard, 0x53),
            "\x1b[H\x1b[A\x1b[3~");
  EXPECT_EQ(Tap(keyboard, 0x4a) + Tap(keyboard, 0x4e) + Tap(keyboard, kKeypad5), "-+5");
  EXPECT_EQ(Feed(keyboard, {kLeftShift, kKeypad7, kLeftShift | kBreak}), "7");
}

TEST(ScancodeTranslator, FunctionKeysRepliesAndPauseYieldNothing) {
  ScancodeTranslator keyboard;
  EXPECT_EQ(Tap(keyboard, kF1) + Tap(keyboard, 0x57) + Tap(keyboard, 0x58), "");
  EXPECT_EQ(Feed(keyboard, {0xfa, 0xfe, 0xee, 0x00, 0xff}), "");
  // Pause: E1 1D 45 E1 9D C5, which would otherwise look like Ctrl and Num Lock.
  EXPECT_EQ(Feed(keyboard, {0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5}), "");
  EXPECT_FALSE(keyboard.ctrl());
  EXPECT_TRUE(keyboard.num_lock());
  // Print Screen's fake shifts (E0 2A E0 37) do not leave Shift held.
  EXPECT_EQ(Feed(keyboard, {kE0, 0x2a, kE0, 0x37, kE0, 0xb7, kE0, 0xaa}), "");
  EXPECT_EQ(Tap(keyboard, kA), "a");
}

TEST(ScancodeTranslator, EveryByteIsSafe) {
  ScancodeTranslator keyboard;
  for (int prefix = 0; prefix < 3; ++prefix) {
    for (int byte = 0; byte < 256; ++byte) {
      if (prefix == 1) (void)Feed(keyboard, {kE0});
      if (prefix == 2) (void)Feed(keyboard, {kLeftShift, kCtrl, kAlt});
      (void)Feed(keyboard, {static_cast<uint8_t>(byte)});
    }
  }
}

}  // namespace
}  // namespace raeen::consoled
