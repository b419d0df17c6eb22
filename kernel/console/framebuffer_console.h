#pragma once
// A text console drawn with a PSF font into a linear 32-bpp framebuffer: the kernel's screen
// output until the compositor takes over. It understands "\n" (which also returns the
// carriage), "\r", "\t" (stops every kTabWidth columns), "\b" (moves left, like a VT100),
// UTF-8 text, ANSI SGR colour sequences, so the kernel log can send the same coloured text
// here and to the serial port, and the cursor and erase controls a line editor sends
// (ECMA-48 8.3: CUU/CUD/CUF/CUB `ESC[nA..D`, CHA `ESC[nG`, CUP `ESC[r;cH` / `f`, ED `ESC[nJ`,
// EL `ESC[nK`). Other escape sequences and control characters are swallowed; bytes that are
// not UTF-8 show the font's fallback glyph.
//
// Scrolling moves pixel rows with memmove. On real hardware reading the framebuffer is slow
// (it is mapped uncached or write-combining); a shadow buffer can replace that once the
// kernel has a heap.
//
// Not synchronised: the kernel log, its only writer, serialises calls with its own lock.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/console/escape_parser.h"
#include "kernel/console/psf_font.h"
#include "kernel/console/utf8_decoder.h"
#include "libs/rstd/format.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

// A framebuffer as the console sees it: the loader's description (boot::Framebuffer) plus
// the virtual address where the kernel mapped it.
struct FramebufferView {
  void* pixels = nullptr;  // pixel (0, 0); 4-byte aligned
  uint64_t size = 0;       // bytes mapped at `pixels`
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t pitch = 0;  // bytes from one scan line to the next, at least width * 4
  uint32_t bits_per_pixel = 0;
  boot::PixelFormat format = boot::PixelFormat::kNone;
  uint32_t red_mask = 0;  // the masks matter only for kBitmask
  uint32_t green_mask = 0;
  uint32_t blue_mask = 0;

  static FramebufferView FromHandoff(const boot::Framebuffer& framebuffer, void* pixels);
};

// The console's 16 colours as 0xRRGGBB, indexed like the ANSI colours (0-7 normal, 8-15
// bright): VGA's hues, softened so that they read well on the near-black background.
inline constexpr uint32_t kConsolePalette[16] = {
    0x101216,  // black (the background)
    0xd0504f,  // red
    0x6fb35a,  // green
    0xd6a543,  // yellow
    0x4f86d1,  // blue
    0xa56cc7,  // magenta
    0x3eaab4,  // cyan
    0xc8ccd2,  // white (light grey, the default text colour)
    0x5f6672,  // bright black (grey)
    0xff6e6e,  // bright red
    0x9be27c,  // bright green
    0xffd76a,  // bright yellow
    0x78aaff,  // bright blue
    0xd59cff,  // bright magenta
    0x6ee2ea,  // bright cyan
    0xf5f7fa,  // bright white
};
inline constexpr uint8_t kConsoleDefaultForeground = 7;
inline constexpr uint8_t kConsoleDefaultBackground = 0;

class FramebufferConsole final : public rstd::Writer {
 public:
  static constexpr uint32_t kTabWidth = 8;

  // A detached console: Write() and Clear() do nothing. Lets the kernel keep the console in a
  // constant-initialised global and assign it once a framebuffer is known.
  constexpr FramebufferConsole() = default;

  // A console covering the whole framebuffer with `font` (copied; its glyph data must stay
  // mapped). The cursor starts at the top-left; the screen is not cleared (call Clear()).
  // Errors: kNotFound if the format is kNone (no framebuffer); kUnsupported for other than
  // 32 bits per pixel, a pitch or address that is not a multiple of 4, or bitmask masks that
  // are zero, not contiguous or overlapping; kInvalidArgument for a null address, a pitch
  // below width * 4, a `size` below what width, height and pitch span, or a font without
  // glyphs; kBufferTooSmall if not even one glyph fits.
  static Result<FramebufferConsole> Create(const FramebufferView& framebuffer, const PsfFont& font);

  // Converts 0xRRGGBB to the pixel value for `framebuffer`'s format (which Create() checked).
  static uint32_t PackColor(uint32_t rgb, const FramebufferView& framebuffer);

  void Write(rstd::StringView text) override;

  // Paints the whole framebuffer in the current background colour and homes the cursor.
  void Clear();

  bool attached() const { return columns_ != 0; }
  uint32_t columns() const { return columns_; }
  uint32_t rows() const { return rows_; }
  // The cursor's cell. After a character in the last column, cursor_column() == columns()
  // until the next character wraps the line (so an exactly full line then "\n" does not
  // leave an empty line).
  uint32_t cursor_column() const { return column_; }
  uint32_t cursor_row() const { return row_; }

 private:
  void HandleByte(uint8_t byte);
  void HandleCodePoint(uint32_t code_point);
  void ApplySgr(rstd::Span<const uint16_t> params);
  void ApplyCsi(uint8_t final_byte, rstd::Span<const uint16_t> params);
  // Paints cells [first, end) of text row `row` in the background colour.
  void EraseCells(uint32_t row, uint32_t first, uint32_t end);
  void PutGlyph(uint32_t glyph);
  void Tab();
  void NewLine();
  void ScrollUp();
  void DrawGlyph(uint32_t glyph, uint32_t column, uint32_t row);
  void FillRect(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t pixel);
  uint32_t* PixelRow(uint32_t y) const;
  uint32_t ForegroundPixel() const;
  uint32_t BackgroundPixel() const { return packed_palette_[background_]; }

  FramebufferView framebuffer_;
  PsfFont font_;
  uint32_t columns_ = 0;
  uint32_t rows_ = 0;
  uint32_t column_ = 0;
  uint32_t row_ = 0;
  uint8_t foreground_ = kConsoleDefaultForeground;  // palette index 0-15
  uint8_t background_ = kConsoleDefaultBackground;
  bool bright_ = false;  // SGR 1: colours 0-7 show as 8-15
  EscapeParser parser_;
  Utf8Decoder decoder_;
  uint32_t packed_palette_[16] = {};  // kConsolePalette in the framebuffer's pixel format
};

}  // namespace raeen::kernel
