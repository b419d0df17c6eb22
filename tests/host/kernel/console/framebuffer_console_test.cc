#include "kernel/console/framebuffer_console.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/host/kernel/console/psf_test_font.h"

namespace raeen::kernel {
namespace {

constexpr uint32_t kUntouched = 0xdeadbeef;  // what the framebuffer holds before any drawing
constexpr uint32_t kPadding = 0x5a5a5a5a;    // bytes between width * 4 and the pitch

// A framebuffer in host memory, `stride` pixels per scan line.
struct TestFramebuffer {
  TestFramebuffer(uint32_t w, uint32_t h, uint32_t s = 0,
                  boot::PixelFormat f = boot::PixelFormat::kBgrx8888)
      : width(w), height(h), stride(s ? s : w), format(f), pixels(size_t{stride} * h) {
    for (uint32_t y = 0; y < height; ++y) {
      for (uint32_t x = 0; x < stride; ++x) At(x, y) = x < width ? kUntouched : kPadding;
    }
  }

  FramebufferView View() {
    FramebufferView view;
    view.pixels = pixels.data();
    view.size = pixels.size() * 4;
    view.width = width;
    view.height = height;
    view.pitch = stride * 4;
    view.bits_per_pixel = 32;
    view.format = format;
    return view;
  }

  uint32_t& At(uint32_t x, uint32_t y) { return pixels[size_t{y} * stride + x]; }

  uint32_t width;
  uint32_t height;
  uint32_t stride;
  boot::PixelFormat format;
  std::vector<uint32_t> pixels;
};

uint32_t Bgrx(uint32_t rgb) {
  return rgb;
}
uint32_t Rgbx(uint32_t rgb) {
  return (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16 & 0xff);
}

class FramebufferConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    font_data_ = testutil::LoadConsoleFont();
    ASSERT_FALSE(font_data_.empty()) << "cannot read " << RAEEN_TEST_CONSOLE_FONT;
    Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(font_data_.data(), font_data_.size()));
    ASSERT_TRUE(font.ok());
    font_ = *font;
  }

  FramebufferConsole MakeConsole(TestFramebuffer& fb) {
    Result<FramebufferConsole> console = FramebufferConsole::Create(fb.View(), font_);
    EXPECT_TRUE(console.ok()) << StatusName(console.status());
    return console.ok() ? *console : FramebufferConsole();
  }

  // Checks that cell (column, row) shows `glyph` in the given pixel values.
  void ExpectCell(TestFramebuffer& fb, uint32_t column, uint32_t row, uint32_t glyph,
                  uint32_t foreground, uint32_t background) {
    for (uint32_t y = 0; y < font_.height(); ++y) {
      for (uint32_t x = 0; x < font_.width(); ++x) {
        uint32_t expected = font_.Pixel(glyph, x, y) ? foreground : background;
        uint32_t actual = fb.At(column * font_.width() + x, row * font_.height() + y);
        ASSERT_EQ(actual, expected)
            << "cell (" << column << ", " << row << ") pixel (" << x << ", " << y << ")";
      }
    }
  }

  void ExpectChar(TestFramebuffer& fb, uint32_t column, uint32_t row, uint32_t code_point,
                  uint8_t foreground = kConsoleDefaultForeground,
                  uint8_t background = kConsoleDefaultBackground) {
    ExpectCell(fb, column, row, font_.GlyphIndex(code_point), Bgrx(kConsolePalette[foreground]),
               Bgrx(kConsolePalette[background]));
  }

  void ExpectRect(TestFramebuffer& fb, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h,
                  uint32_t value) {
    for (uint32_t y = y0; y < y0 + h; ++y) {
      for (uint32_t x = x0; x < x0 + w; ++x) {
        ASSERT_EQ(fb.At(x, y), value) << "pixel (" << x << ", " << y << ")";
      }
    }
  }

  std::vector<uint8_t> font_data_;
  PsfFont font_;
};

const uint32_t kBackground = Bgrx(kConsolePalette[kConsoleDefaultBackground]);

TEST_F(FramebufferConsoleTest, GridFromFramebufferAndFont) {
  TestFramebuffer fb(105, 65);
  FramebufferConsole console = MakeConsole(fb);
  EXPECT_EQ(console.columns(), 10u);
  EXPECT_EQ(console.rows(), 3u);
  EXPECT_TRUE(console.attached());
}

TEST_F(FramebufferConsoleTest, GlyphLandsInItsCellAndNothingElseChanges) {
  TestFramebuffer fb(100, 60);
  FramebufferConsole console = MakeConsole(fb);
  console.Write("AB");
  ExpectChar(fb, 0, 0, 'A');
  ExpectChar(fb, 1, 0, 'B');
  ExpectRect(fb, 20, 0, 80, 20, kUntouched);
  ExpectRect(fb, 0, 20, 100, 40, kUntouched);
  EXPECT_EQ(console.cursor_column(), 2u);
  EXPECT_EQ(console.cursor_row(), 0u);
}

TEST_F(FramebufferConsoleTest, ClearPaintsBackgroundAndHomesCursor) {
  TestFramebuffer fb(105, 65);
  FramebufferConsole console = MakeConsole(fb);
  console.Write("xyz\nab");
  console.Clear();
  ExpectRect(fb, 0, 0, 105, 65, kBackground);
  EXPECT_EQ(console.cursor_column(), 0u);
  EXPECT_EQ(console.cursor_row(), 0u);
}

TEST_F(FramebufferConsoleTest, NewlineCarriageReturnTabAndBackspace) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("ab\ncd");
  ExpectChar(fb, 0, 1, 'c');
  ExpectChar(fb, 1, 1, 'd');
  console.Write("\rX");
  ExpectChar(fb, 0, 1, 'X');
  ExpectChar(fb, 1, 1, 'd');
  console.Write("\tT");                         // from column 1 to the stop at 8
  ExpectRect(fb, 10, 20, 70, 20, kBackground);  // the skipped cells, "d" included, blanked
  ExpectChar(fb, 8, 1, 'T');
  console.Write("\tV");
  ExpectChar(fb, 16, 1, 'V');
  console.Write("\b\bW");
  ExpectChar(fb, 15, 1, 'W');
  console.Write("\x07\x01\x7f");  // other controls draw nothing
  EXPECT_EQ(console.cursor_column(), 16u);
}

TEST_F(FramebufferConsoleTest, LongLinesWrapAndAFullLineThenNewlineLeavesNoGap) {
  TestFramebuffer fb(100, 60);  // 10 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("0123456789");
  EXPECT_EQ(console.cursor_row(), 0u);
  EXPECT_EQ(console.cursor_column(), 10u);
  console.Write("\nabc");
  ExpectChar(fb, 0, 1, 'a');
  console.Write("\r0123456789wrap");
  ExpectChar(fb, 9, 1, '9');
  ExpectChar(fb, 0, 2, 'w');
  ExpectChar(fb, 3, 2, 'p');
}

TEST_F(FramebufferConsoleTest, ScrollingMovesRowsUpAndBlanksTheLastRow) {
  TestFramebuffer fb(100, 65);  // 10 x 3, with a 5-pixel strip below the grid
  FramebufferConsole console = MakeConsole(fb);
  console.Write("first\nsecond\nthird");
  console.Write("\n");
  EXPECT_EQ(console.cursor_row(), 2u);
  ExpectChar(fb, 0, 0, 's');
  ExpectChar(fb, 5, 0, 'd');
  ExpectChar(fb, 0, 1, 't');
  ExpectRect(fb, 0, 40, 100, 20, kBackground);
  ExpectRect(fb, 0, 60, 100, 5, kUntouched);  // below the grid: never drawn
  console.Write("fourth\nfifth");
  ExpectChar(fb, 0, 0, 't');
  ExpectChar(fb, 0, 1, 'f');
  ExpectChar(fb, 1, 1, 'o');
  ExpectChar(fb, 1, 2, 'i');
}

TEST_F(FramebufferConsoleTest, WrappingAtTheBottomScrolls) {
  TestFramebuffer fb(30, 40);  // 3 x 2
  FramebufferConsole console = MakeConsole(fb);
  console.Write("abcdefghi");
  ExpectChar(fb, 0, 0, 'd');
  ExpectChar(fb, 2, 1, 'i');
}

TEST_F(FramebufferConsoleTest, SgrColoursChangeThePixels) {
  TestFramebuffer fb(200, 60);
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\x1b[31mA");
  ExpectChar(fb, 0, 0, 'A', 1, 0);
  console.Write("\x1b[1mB");  // bright: red becomes bright red
  ExpectChar(fb, 1, 0, 'B', 9, 0);
  console.Write("\x1b[22;44mC");
  ExpectChar(fb, 2, 0, 'C', 1, 4);
  console.Write("\x1b[39mD\x1b[49mE");
  ExpectChar(fb, 3, 0, 'D', 7, 4);
  ExpectChar(fb, 4, 0, 'E', 7, 0);
  console.Write("\x1b[93;100mF\x1b[0mG");
  ExpectChar(fb, 5, 0, 'F', 11, 8);
  ExpectChar(fb, 6, 0, 'G', 7, 0);
  console.Write("\x1b[1;37mH\x1b[mI");
  ExpectChar(fb, 7, 0, 'H', 15, 0);
  ExpectChar(fb, 8, 0, 'I', 7, 0);
  // 38;5;n picks a palette colour; 38;2;r;g;b is skipped whole (its "1" is not "bright").
  console.Write("\x1b[38;5;2mJ\x1b[38;2;1;1;1mK\x1b[0m");
  ExpectChar(fb, 9, 0, 'J', 2, 0);
  ExpectChar(fb, 10, 0, 'K', 2, 0);
}

TEST_F(FramebufferConsoleTest, BackgroundColourFillsClearedAndScrolledArea) {
  TestFramebuffer fb(100, 40);  // 10 x 2
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\x1b[44m");
  console.Clear();
  ExpectRect(fb, 0, 0, 100, 40, Bgrx(kConsolePalette[4]));
  console.Write("\x1b[42ma\nb\n");
  ExpectRect(fb, 0, 20, 100, 20, Bgrx(kConsolePalette[2]));
}

TEST_F(FramebufferConsoleTest, UnknownSequencesAreSwallowed) {
  TestFramebuffer fb(200, 60);
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\x1b[2J\x1b[?25l\x1b[1;1H\033cA");
  EXPECT_EQ(console.cursor_column(), 1u);
  ExpectChar(fb, 0, 0, 'A');
  // A sequence split across writes.
  console.Write("\x1b[3");
  console.Write("2mB");
  ExpectChar(fb, 1, 0, 'B', 2, 0);
}

TEST_F(FramebufferConsoleTest, CursorMovesLeftRightAndToAColumn) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("abcdef\x1b[D");
  EXPECT_EQ(console.cursor_column(), 5u);
  console.Write("\x1b[3D");
  EXPECT_EQ(console.cursor_column(), 2u);
  console.Write("X\x1b[C");  // overwrites "c", steps over "d"
  ExpectChar(fb, 2, 0, 'X');
  ExpectChar(fb, 3, 0, 'd');
  EXPECT_EQ(console.cursor_column(), 4u);
  console.Write("\x1b[99D");  // clamped at the left edge
  EXPECT_EQ(console.cursor_column(), 0u);
  console.Write("\x1b[99C");  // and at the right one
  EXPECT_EQ(console.cursor_column(), 19u);
  console.Write("\x1b[7G");
  EXPECT_EQ(console.cursor_column(), 6u);
  console.Write("\x1b[G");
  EXPECT_EQ(console.cursor_column(), 0u);
  EXPECT_EQ(console.cursor_row(), 0u);
}

TEST_F(FramebufferConsoleTest, CursorUpDownAndPosition) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\x1b[2;5H");
  EXPECT_EQ(console.cursor_row(), 1u);
  EXPECT_EQ(console.cursor_column(), 4u);
  console.Write("\x1b[5B");
  EXPECT_EQ(console.cursor_row(), 2u);
  console.Write("\x1b[A");
  EXPECT_EQ(console.cursor_row(), 1u);
  console.Write("\x1b[9A");
  EXPECT_EQ(console.cursor_row(), 0u);
  console.Write("\x1b[99;99f");
  EXPECT_EQ(console.cursor_row(), 2u);
  EXPECT_EQ(console.cursor_column(), 19u);
  console.Write("\x1b[H");
  EXPECT_EQ(console.cursor_row(), 0u);
  EXPECT_EQ(console.cursor_column(), 0u);
}

TEST_F(FramebufferConsoleTest, CursorLeftFromAPendingWrapStandsOnTheLastColumn) {
  TestFramebuffer fb(100, 60);  // 10 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("0123456789");
  EXPECT_EQ(console.cursor_column(), 10u);
  console.Write("\x1b[D");
  EXPECT_EQ(console.cursor_column(), 8u);
  EXPECT_EQ(console.cursor_row(), 0u);
}

TEST_F(FramebufferConsoleTest, EraseInLine) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("abcdef\r\x1b[3C\x1b[K");
  ExpectChar(fb, 2, 0, 'c');
  ExpectRect(fb, 30, 0, 170, 20, kBackground);  // "def" and the untouched rest
  EXPECT_EQ(console.cursor_column(), 3u);       // EL does not move the cursor
  console.Write("\x1b[2D\x1b[1K");
  ExpectRect(fb, 0, 0, 20, 20, kBackground);
  ExpectChar(fb, 2, 0, 'c');
  console.Write("\x1b[2K");
  ExpectRect(fb, 0, 0, 200, 20, kBackground);
  ExpectRect(fb, 0, 20, 200, 40, kUntouched);  // other rows stay
}

TEST_F(FramebufferConsoleTest, EraseInDisplay) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("top\nmiddle\nbottom\x1b[2;3H\x1b[J");
  ExpectChar(fb, 0, 0, 't');
  ExpectChar(fb, 1, 1, 'i');
  ExpectRect(fb, 20, 20, 180, 20, kBackground);
  ExpectRect(fb, 0, 40, 200, 20, kBackground);
  console.Write("\x1b[1J");
  ExpectRect(fb, 0, 0, 200, 20, kBackground);
  ExpectRect(fb, 0, 20, 30, 20, kBackground);
  console.Write("x\x1b[2J");
  ExpectRect(fb, 0, 0, 200, 60, kBackground);
  EXPECT_EQ(console.cursor_row(), 1u);  // ED does not move the cursor
  EXPECT_EQ(console.cursor_column(), 3u);
}

// What apps/shell/line_editor.cc sends while a line is edited: insert in the middle (redraw
// with "\r", prompt, text, EL, CUB), backspace at the end ("\b \b"), clear screen.
TEST_F(FramebufferConsoleTest, LineEditorRedrawsLookRight) {
  TestFramebuffer fb(200, 60);  // 20 x 3
  FramebufferConsole console = MakeConsole(fb);
  console.Write("$ ecoh");
  console.Write("\x1b[D\x1b[D");  // cursor onto "o"
  console.Write("\r$ echoh\x1b[K\x1b[1D");
  ExpectChar(fb, 4, 0, 'h');
  ExpectChar(fb, 5, 0, 'o');
  ExpectChar(fb, 6, 0, 'h');
  EXPECT_EQ(console.cursor_column(), 6u);
  console.Write("\x1b[C\b \b");  // to the end, then backspace
  ExpectChar(fb, 5, 0, 'o');
  ExpectRect(fb, 60, 0, 140, 20, kBackground);
  EXPECT_EQ(console.cursor_column(), 6u);
  console.Write("\x1b[H\x1b[2J\r$ \x1b[K");
  ExpectChar(fb, 0, 0, '$');
  ExpectRect(fb, 20, 0, 180, 60, kBackground);
  EXPECT_EQ(console.cursor_column(), 2u);
}

TEST_F(FramebufferConsoleTest, Utf8TextAndInvalidBytes) {
  TestFramebuffer fb(200, 60);
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\xc3\xa9");
  ExpectChar(fb, 0, 0, 0xe9);
  console.Write("\xe2\x94");  // split across writes
  console.Write("\x80");
  ExpectChar(fb, 1, 0, 0x2500);
  console.Write("\377x");
  ExpectCell(fb, 2, 0, font_.fallback_glyph(), Bgrx(kConsolePalette[7]), kBackground);
  ExpectChar(fb, 3, 0, 'x');
  console.Write("\303y");  // cut short: one fallback glyph, then "y"
  ExpectCell(fb, 4, 0, font_.fallback_glyph(), Bgrx(kConsolePalette[7]), kBackground);
  ExpectChar(fb, 5, 0, 'y');
  console.Write("\xc2\x85");  // C1 control NEL: nothing drawn
  EXPECT_EQ(console.cursor_column(), 6u);
}

TEST_F(FramebufferConsoleTest, RgbxPacksRedInTheLowByte) {
  TestFramebuffer bgrx(100, 20, 0, boot::PixelFormat::kBgrx8888);
  TestFramebuffer rgbx(100, 20, 0, boot::PixelFormat::kRgbx8888);
  FramebufferConsole a = MakeConsole(bgrx);
  FramebufferConsole b = MakeConsole(rgbx);
  a.Write("\x1b[31m#");
  b.Write("\x1b[31m#");
  uint32_t glyph = font_.GlyphIndex('#');
  ExpectCell(bgrx, 0, 0, glyph, Bgrx(kConsolePalette[1]), Bgrx(kConsolePalette[0]));
  ExpectCell(rgbx, 0, 0, glyph, Rgbx(kConsolePalette[1]), Rgbx(kConsolePalette[0]));
  EXPECT_NE(Bgrx(kConsolePalette[1]), Rgbx(kConsolePalette[1]));
}

TEST(FramebufferConsole, PackColor) {
  FramebufferView view;
  view.format = boot::PixelFormat::kBgrx8888;
  EXPECT_EQ(FramebufferConsole::PackColor(0x123456, view), 0x123456u);
  view.format = boot::PixelFormat::kRgbx8888;
  EXPECT_EQ(FramebufferConsole::PackColor(0x123456, view), 0x563412u);
  // 10 bits per channel (x2r10g10b10): 8-bit values scale to the full range.
  view.format = boot::PixelFormat::kBitmask;
  view.red_mask = 0x3ff00000;
  view.green_mask = 0x000ffc00;
  view.blue_mask = 0x000003ff;
  EXPECT_EQ(FramebufferConsole::PackColor(0xffffff, view), 0x3fffffffu);
  EXPECT_EQ(FramebufferConsole::PackColor(0xff0000, view), 0x3ff00000u);
  EXPECT_EQ(FramebufferConsole::PackColor(0x000000, view), 0u);
  // Byte masks at the BGRX positions give the BGRX value.
  view.red_mask = 0xff0000;
  view.green_mask = 0xff00;
  view.blue_mask = 0xff;
  EXPECT_EQ(FramebufferConsole::PackColor(0x123456, view), 0x123456u);
}

TEST_F(FramebufferConsoleTest, BitmaskFormatDraws) {
  TestFramebuffer fb(100, 20, 0, boot::PixelFormat::kBitmask);
  FramebufferView view = fb.View();
  view.red_mask = 0xff;
  view.green_mask = 0xff00;
  view.blue_mask = 0xff0000;
  Result<FramebufferConsole> console = FramebufferConsole::Create(view, font_);
  ASSERT_TRUE(console.ok());
  console->Write("\x1b[31m#");
  ExpectCell(fb, 0, 0, font_.GlyphIndex('#'), Rgbx(kConsolePalette[1]), Rgbx(kConsolePalette[0]));
}

TEST_F(FramebufferConsoleTest, PitchWiderThanTheRowIsRespected) {
  TestFramebuffer fb(100, 60, 100 + 13);  // 52 bytes of padding per line
  FramebufferConsole console = MakeConsole(fb);
  console.Write("\x1b[41m");
  console.Clear();
  console.Write("one\ntwo\nthree\nfour\nfive\tsix seven eight nine ten");
  // The last lines read "x seven ei", "ght nine t", "en".
  ExpectChar(fb, 0, 1, 'g', 7, 1);
  ExpectChar(fb, 1, 2, 'n', 7, 1);
  for (uint32_t y = 0; y < fb.height; ++y) {
    for (uint32_t x = fb.width; x < fb.stride; ++x) {
      ASSERT_EQ(fb.At(x, y), kPadding) << "padding (" << x << ", " << y << ")";
    }
  }
}

TEST_F(FramebufferConsoleTest, SingleCellConsoleScrollsInPlace) {
  TestFramebuffer fb(10, 20);
  FramebufferConsole console = MakeConsole(fb);
  ASSERT_EQ(console.columns(), 1u);
  ASSERT_EQ(console.rows(), 1u);
  console.Write("abc\n\tx\b\by");
  ExpectChar(fb, 0, 0, 'y');
}

TEST_F(FramebufferConsoleTest, FramebufferSmallerThanAGlyphIsRefused) {
  TestFramebuffer narrow(9, 100);
  EXPECT_EQ(FramebufferConsole::Create(narrow.View(), font_).status(), Status::kBufferTooSmall);
  TestFramebuffer flat(100, 19);
  EXPECT_EQ(FramebufferConsole::Create(flat.View(), font_).status(), Status::kBufferTooSmall);
  TestFramebuffer one(1, 1);
  EXPECT_EQ(FramebufferConsole::Create(one.View(), font_).status(), Status::kBufferTooSmall);
}

// The kernel keeps its console in a global and runs no constructors: this must compile.
constinit FramebufferConsole g_detached_console;

TEST_F(FramebufferConsoleTest, DetachedConsoleIgnoresEverything) {
  FramebufferConsole& console = g_detached_console;
  EXPECT_FALSE(console.attached());
  console.Write("text\n\x1b[31m\xff");
  console.Clear();
  EXPECT_EQ(console.cursor_column(), 0u);
}

TEST_F(FramebufferConsoleTest, BadDescriptionsAreRejected) {
  TestFramebuffer fb(100, 60);
  FramebufferView view = fb.View();

  FramebufferView v = view;
  v.format = boot::PixelFormat::kNone;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kNotFound);
  v = view;
  v.bits_per_pixel = 24;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  v = view;
  v.format = static_cast<boot::PixelFormat>(77);
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  v = view;
  v.pixels = nullptr;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kInvalidArgument);
  v = view;
  v.pitch = 396;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kInvalidArgument);
  v = view;
  v.pitch = 402;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  v = view;
  v.size = 400 * 59 + 399;  // one byte short of the last pixel
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kInvalidArgument);
  v.size = 400 * 59 + 400;
  EXPECT_TRUE(FramebufferConsole::Create(v, font_).ok());
  v = view;
  v.pixels = reinterpret_cast<uint8_t*>(view.pixels) + 2;
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  EXPECT_EQ(FramebufferConsole::Create(view, PsfFont()).status(), Status::kInvalidArgument);

  v = view;
  v.format = boot::PixelFormat::kBitmask;
  v.red_mask = 0xff0000;
  v.green_mask = 0x00ff00;
  v.blue_mask = 0;  // missing
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  v.blue_mask = 0x0000f1;  // not contiguous
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
  v.blue_mask = 0x0001ff;  // overlaps green
  EXPECT_EQ(FramebufferConsole::Create(v, font_).status(), Status::kUnsupported);
}

TEST(FramebufferView, FromHandoffCopiesTheDescription) {
  boot::Framebuffer handoff{};
  handoff.base = 0xc0000000;
  handoff.size = 1280 * 800 * 4;
  handoff.width = 1280;
  handoff.height = 800;
  handoff.pitch = 5120;
  handoff.bits_per_pixel = 32;
  handoff.format = boot::PixelFormat::kBitmask;
  handoff.red_mask = 1;
  handoff.green_mask = 2;
  handoff.blue_mask = 4;
  uint32_t pixel = 0;
  FramebufferView view = FramebufferView::FromHandoff(handoff, &pixel);
  EXPECT_EQ(view.pixels, &pixel);
  EXPECT_EQ(view.size, handoff.size);
  EXPECT_EQ(view.width, 1280u);
  EXPECT_EQ(view.height, 800u);
  EXPECT_EQ(view.pitch, 5120u);
  EXPECT_EQ(view.bits_per_pixel, 32u);
  EXPECT_EQ(view.format, boot::PixelFormat::kBitmask);
  EXPECT_EQ(view.red_mask, 1u);
  EXPECT_EQ(view.green_mask, 2u);
  EXPECT_EQ(view.blue_mask, 4u);
}

}  // namespace
}  // namespace raeen::kernel
