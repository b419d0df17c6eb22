#include "kernel/console/framebuffer_console.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint32_t kBytesPerPixel = 4;

// A mask is usable if it is one contiguous run of set bits.
bool IsContiguousMask(uint32_t mask) {
  if (mask == 0) return false;
  uint32_t shifted = mask >> __builtin_ctz(mask);
  return (shifted & (shifted + 1)) == 0;
}

// Scales an 8-bit channel to the width of `mask` (rounding) and moves it into place.
uint32_t PlaceChannel(uint32_t value, uint32_t mask) {
  uint32_t shift = static_cast<uint32_t>(__builtin_ctz(mask));
  uint64_t max = uint64_t{mask} >> shift;
  return static_cast<uint32_t>(((value * max + 127) / 255) << shift);
}

}  // namespace

FramebufferView FramebufferView::FromHandoff(const boot::Framebuffer& framebuffer, void* pixels) {
  FramebufferView view;
  view.pixels = pixels;
  view.size = framebuffer.size;
  view.width = framebuffer.width;
  view.height = framebuffer.height;
  view.pitch = framebuffer.pitch;
  view.bits_per_pixel = framebuffer.bits_per_pixel;
  view.format = framebuffer.format;
  view.red_mask = framebuffer.red_mask;
  view.green_mask = framebuffer.green_mask;
  view.blue_mask = framebuffer.blue_mask;
  return view;
}

uint32_t FramebufferConsole::PackColor(uint32_t rgb, const FramebufferView& framebuffer) {
  uint32_t red = (rgb >> 16) & 0xff;
  uint32_t green = (rgb >> 8) & 0xff;
  uint32_t blue = rgb & 0xff;
  switch (framebuffer.format) {
    case boot::PixelFormat::kBgrx8888: return red << 16 | green << 8 | blue;
    case boot::PixelFormat::kRgbx8888: return blue << 16 | green << 8 | red;
    case boot::PixelFormat::kBitmask:
      return PlaceChannel(red, framebuffer.red_mask) | PlaceChannel(green, framebuffer.green_mask) |
             PlaceChannel(blue, framebuffer.blue_mask);
    case boot::PixelFormat::kNone: break;
  }
  return 0;
}

Result<FramebufferConsole> FramebufferConsole::Create(const FramebufferView& framebuffer,
                                                      const PsfFont& font) {
  if (framebuffer.format == boot::PixelFormat::kNone) return Error(Status::kNotFound);
  if (framebuffer.bits_per_pixel != 32) return Error(Status::kUnsupported);
  if (framebuffer.format != boot::PixelFormat::kBgrx8888 &&
      framebuffer.format != boot::PixelFormat::kRgbx8888 &&
      framebuffer.format != boot::PixelFormat::kBitmask) {
    return Error(Status::kUnsupported);
  }
  if (framebuffer.format == boot::PixelFormat::kBitmask) {
    uint32_t r = framebuffer.red_mask;
    uint32_t g = framebuffer.green_mask;
    uint32_t b = framebuffer.blue_mask;
    if (!IsContiguousMask(r) || !IsContiguousMask(g) || !IsContiguousMask(b) || (r & g) != 0 ||
        (r & b) != 0 || (g & b) != 0) {
      return Error(Status::kUnsupported);
    }
  }
  if (framebuffer.pixels == nullptr || font.glyph_count() == 0) {
    return Error(Status::kInvalidArgument);
  }
  if (reinterpret_cast<uintptr_t>(framebuffer.pixels) % kBytesPerPixel != 0 ||
      framebuffer.pitch % kBytesPerPixel != 0) {
    return Error(Status::kUnsupported);
  }
  if (uint64_t{framebuffer.width} * kBytesPerPixel > framebuffer.pitch) {
    return Error(Status::kInvalidArgument);
  }
  if (framebuffer.width < font.width() || framebuffer.height < font.height()) {
    return Error(Status::kBufferTooSmall);
  }
  // The last scan line needs only width * 4 bytes, not a whole pitch. The products fit in
  // 64 bits: every factor is below 2^32.
  uint64_t span = uint64_t{framebuffer.height - 1} * framebuffer.pitch +
                  uint64_t{framebuffer.width} * kBytesPerPixel;
  if (span > framebuffer.size) return Error(Status::kInvalidArgument);

  FramebufferConsole console;
  console.framebuffer_ = framebuffer;
  console.font_ = font;
  console.columns_ = framebuffer.width / font.width();
  console.rows_ = framebuffer.height / font.height();
  for (size_t i = 0; i < rstd::ArraySize(kConsolePalette); ++i) {
    console.packed_palette_[i] = PackColor(kConsolePalette[i], framebuffer);
  }
  return console;
}

uint32_t* FramebufferConsole::PixelRow(uint32_t y) const {
  return reinterpret_cast<uint32_t*>(static_cast<uint8_t*>(framebuffer_.pixels) +
                                     size_t{y} * framebuffer_.pitch);
}

uint32_t FramebufferConsole::ForegroundPixel() const {
  uint8_t index = foreground_;
  if (bright_ && index < 8) index += 8;
  return packed_palette_[index];
}

void FramebufferConsole::FillRect(uint32_t x, uint32_t y, uint32_t width, uint32_t height,
                                  uint32_t pixel) {
  for (uint32_t row = y; row < y + height; ++row) {
    uint32_t* line = PixelRow(row) + x;
    for (uint32_t i = 0; i < width; ++i) line[i] = pixel;
  }
}

void FramebufferConsole::DrawGlyph(uint32_t glyph, uint32_t column, uint32_t row) {
  rstd::Bytes bitmap = font_.Glyph(glyph);
  if (bitmap.empty()) return;
  uint32_t glyph_width = font_.width();
  uint32_t glyph_height = font_.height();
  uint32_t bytes_per_row = font_.bytes_per_row();
  uint32_t foreground = ForegroundPixel();
  uint32_t background = BackgroundPixel();
  for (uint32_t y = 0; y < glyph_height; ++y) {
    uint32_t* line = PixelRow(row * glyph_height + y) + column * glyph_width;
    const uint8_t* bits = bitmap.data() + size_t{y} * bytes_per_row;
    for (uint32_t x = 0; x < glyph_width; ++x) {
      line[x] = (bits[x / 8] & (0x80u >> (x % 8))) ? foreground : background;
    }
  }
}

void FramebufferConsole::ScrollUp() {
  uint32_t glyph_height = font_.height();
  if (rows_ > 1) {
    // Move text rows 1..rows-1 up by one; the copy ends at the last visible pixel of the
    // last text row, so neither padding past it nor the strip below the grid is read.
    size_t bytes = (size_t{rows_ - 1} * glyph_height - 1) * framebuffer_.pitch +
                   size_t{framebuffer_.width} * kBytesPerPixel;
    __builtin_memmove(PixelRow(0), PixelRow(glyph_height), bytes);
  }
  FillRect(0, (rows_ - 1) * glyph_height, framebuffer_.width, glyph_height, BackgroundPixel());
}

void FramebufferConsole::NewLine() {
  column_ = 0;
  if (row_ + 1 < rows_) {
    ++row_;
  } else {
    ScrollUp();
  }
}

void FramebufferConsole::PutGlyph(uint32_t glyph) {
  if (column_ >= columns_) NewLine();
  DrawGlyph(glyph, column_, row_);
  ++column_;
}

void FramebufferConsole::Tab() {
  if (column_ >= columns_) NewLine();
  uint32_t stop = rstd::Min((column_ / kTabWidth + 1) * kTabWidth, columns_);
  // Blank the skipped cells so that text overwritten after a "\r" does not show through.
  FillRect(column_ * font_.width(), row_ * font_.height(), (stop - column_) * font_.width(),
           font_.height(), BackgroundPixel());
  column_ = stop;
}

void FramebufferConsole::ApplySgr(rstd::Span<const uint16_t> params) {
  // [ECMA-48 8.3.117]; 90-97 and 100-107 are the widespread aixterm bright colours.
  for (size_t i = 0; i < params.size(); ++i) {
    uint16_t p = params[i];
    if (p == 0) {
      foreground_ = kConsoleDefaultForeground;
      background_ = kConsoleDefaultBackground;
      bright_ = false;
    } else if (p == 1) {
      bright_ = true;
    } else if (p == 22) {
      bright_ = false;
    } else if (p >= 30 && p <= 37) {
      foreground_ = static_cast<uint8_t>(p - 30);
    } else if (p == 39) {
      foreground_ = kConsoleDefaultForeground;
    } else if (p >= 40 && p <= 47) {
      background_ = static_cast<uint8_t>(p - 40);
    } else if (p == 49) {
      background_ = kConsoleDefaultBackground;
    } else if (p >= 90 && p <= 97) {
      foreground_ = static_cast<uint8_t>(p - 90 + 8);
    } else if (p >= 100 && p <= 107) {
      background_ = static_cast<uint8_t>(p - 100 + 8);
    } else if (p == 38 || p == 48) {
      // Extended colours: 38;5;n (256-colour index) or 38;2;r;g;b. Their arguments must be
      // skipped, not read as attributes; an index below 16 names a palette colour.
      if (i + 2 < params.size() && params[i + 1] == 5) {
        if (params[i + 2] < 16) {
          (p == 38 ? foreground_ : background_) = static_cast<uint8_t>(params[i + 2]);
        }
        i += 2;
      } else if (i + 1 < params.size() && params[i + 1] == 2) {
        i += 4;
      } else {
        return;  // malformed: the rest cannot be interpreted reliably
      }
    }
  }
}

void FramebufferConsole::EraseCells(uint32_t row, uint32_t first, uint32_t end) {
  if (first >= end) return;
  FillRect(first * font_.width(), row * font_.height(), (end - first) * font_.width(),
           font_.height(), BackgroundPixel());
}

void FramebufferConsole::ApplyCsi(uint8_t final_byte, rstd::Span<const uint16_t> params) {
  // [ECMA-48 8.3]: a missing or zero count means 1; positions count from 1.
  const uint32_t first = params.empty() ? 0 : params[0];
  const uint32_t count = first == 0 ? 1 : first;
  // A cursor waiting to wrap (column_ == columns_) stands on the last column.
  const uint32_t column = rstd::Min(column_, columns_ - 1);
  switch (final_byte) {
    case 'A': row_ -= rstd::Min(count, row_); return;                               // CUU
    case 'B': row_ = rstd::Min(row_ + rstd::Min(count, rows_), rows_ - 1); return;  // CUD
    case 'C': column_ = rstd::Min(column + rstd::Min(count, columns_), columns_ - 1); return;
    case 'D': column_ = column - rstd::Min(count, column); return;  // CUB
    case 'G': column_ = rstd::Min(count, columns_) - 1; return;     // CHA
    case 'H':
    case 'f': {  // CUP
      const uint32_t second = params.size() < 2 || params[1] == 0 ? 1 : params[1];
      row_ = rstd::Min(count, rows_) - 1;
      column_ = rstd::Min(second, columns_) - 1;
      return;
    }
    case 'J':  // ED: 0 cursor to end, 1 start to cursor, 2 (and xterm's 3) everything
      if (first == 0) {
        EraseCells(row_, column, columns_);
        for (uint32_t row = row_ + 1; row < rows_; ++row) EraseCells(row, 0, columns_);
      } else if (first == 1) {
        for (uint32_t row = 0; row < row_; ++row) EraseCells(row, 0, columns_);
        EraseCells(row_, 0, column + 1);
      } else if (first == 2 || first == 3) {
        FillRect(0, 0, framebuffer_.width, framebuffer_.height, BackgroundPixel());
      }
      return;
    case 'K':  // EL: 0 cursor to end of line, 1 start to cursor, 2 the whole line
      if (first == 0) EraseCells(row_, column, columns_);
      if (first == 1) EraseCells(row_, 0, column + 1);
      if (first == 2) EraseCells(row_, 0, columns_);
      return;
    default: return;  // not a control this console acts on
  }
}

void FramebufferConsole::HandleCodePoint(uint32_t code_point) {
  switch (code_point) {
    case '\n': NewLine(); return;
    case '\r': column_ = 0; return;
    case '\t': Tab(); return;
    case '\b':
      if (column_ > 0) --column_;
      return;
    default: break;
  }
  // Other C0 controls, DEL and the C1 controls have no glyph to show.
  if (code_point < 0x20 || (code_point >= 0x7f && code_point < 0xa0)) return;
  PutGlyph(font_.GlyphIndex(code_point));
}

void FramebufferConsole::HandleByte(uint8_t byte) {
  switch (decoder_.Feed(byte)) {
    case Utf8Decoder::Step::kNeedMore: return;
    case Utf8Decoder::Step::kCodePoint: HandleCodePoint(decoder_.code_point()); return;
    case Utf8Decoder::Step::kInvalid: PutGlyph(font_.fallback_glyph()); return;
    case Utf8Decoder::Step::kInvalidRetry:
      // The broken sequence shows as one fallback glyph; `byte` starts afresh (the decoder is
      // reset, so this cannot recurse again).
      PutGlyph(font_.fallback_glyph());
      HandleByte(byte);
      return;
  }
}

void FramebufferConsole::Write(rstd::StringView text) {
  if (!attached()) return;
  for (char c : text) {
    uint8_t byte = static_cast<uint8_t>(c);
    switch (parser_.Feed(byte)) {
      case EscapeParser::Action::kNone: break;
      case EscapeParser::Action::kByte: HandleByte(byte); break;
      case EscapeParser::Action::kSgr: ApplySgr(parser_.params()); break;
      case EscapeParser::Action::kCsi: ApplyCsi(parser_.final_byte(), parser_.params()); break;
    }
  }
}

void FramebufferConsole::Clear() {
  if (!attached()) return;
  FillRect(0, 0, framebuffer_.width, framebuffer_.height, BackgroundPixel());
  column_ = 0;
  row_ = 0;
}

}  // namespace raeen::kernel
