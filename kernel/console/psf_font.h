#pragma once
// PC Screen Font bitmaps (PSF1 and PSF2), the format of the Linux console fonts that Debian's
// console-setup-linux ships. Layouts from the kbd project: src/psf.h and Andries Brouwer's
// "The PSF font format" (kbd, doc/font-formats). All multi-byte fields are little-endian.
//
//   PSF2: 32-byte header {magic 72 b5 4a 86, version, headersize, flags, length, charsize,
//         height, width}, then `length` glyphs of `charsize` bytes at offset `headersize`,
//         then (flags bit 0) a Unicode table: per glyph, UTF-8 characters, optionally 0xFE
//         followed by multi-character sequences, ended by 0xFF.
//   PSF1: 4-byte header {magic 36 04, mode, charsize}, 256 (512 with mode bit 0) glyphs 8
//         pixels wide and `charsize` rows high, then (mode bit 1 or 2) a Unicode table of
//         16-bit values: per glyph, code points, optionally 0xFFFE and sequences, ended by
//         0xFFFF.
// A glyph is `height` rows of (width + 7) / 8 bytes; the most significant bit is leftmost.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

class PsfFont {
 public:
  enum class Version : uint8_t { kPsf1 = 1, kPsf2 = 2 };

  static constexpr uint32_t kMaxGlyphs = 65535;
  // Larger glyphs are legal PSF2 but no console wants them; refusing them bounds every loop.
  static constexpr uint32_t kMaxWidth = 64;
  static constexpr uint32_t kMaxHeight = 128;
  static constexpr uint32_t kReplacementCharacter = 0xfffd;

  // A font without glyphs; Parse() makes usable ones.
  constexpr PsfFont() = default;

  // Validates `data` completely and returns a font whose glyph bitmaps point into it, so
  // `data` must stay valid and unchanged while the font (or a copy) is in use.
  // Errors: kCorrupt for a bad magic, truncated or inconsistent header, glyphs or Unicode
  // table that do not fit `data`, or malformed Unicode table entries; kUnsupported for a
  // PSF2 version above 0 or glyphs larger than kMaxWidth x kMaxHeight.
  static Result<PsfFont> Parse(rstd::Bytes data);

  Version version() const { return version_; }
  uint32_t width() const { return width_; }
  uint32_t height() const { return height_; }
  uint32_t glyph_count() const { return glyph_count_; }
  uint32_t bytes_per_row() const { return (width_ + 7) / 8; }
  uint32_t bytes_per_glyph() const { return bytes_per_row() * height_; }
  bool has_unicode_table() const { return unicode_table_ != nullptr; }

  // The bitmap of glyph `index` (bytes_per_glyph() bytes); empty if `index` is out of range.
  rstd::Bytes Glyph(uint32_t index) const;

  // Whether pixel (x, y) of glyph `index` is set; false outside the glyph or the font.
  bool Pixel(uint32_t index, uint32_t x, uint32_t y) const;

  // The glyph the font's Unicode table assigns to `code_point` (the first one if several do);
  // without a table, glyph i shows code point i. kNotFound if the font has none for it.
  // Code points below 256 are a table lookup; others scan the Unicode table.
  Result<uint32_t> FindGlyph(uint32_t code_point) const;

  // FindGlyph(), or fallback_glyph() if the font has no glyph for `code_point`.
  uint32_t GlyphIndex(uint32_t code_point) const;

  // Shown for characters the font lacks: U+FFFD if the font has it, else '?', else glyph 0.
  uint32_t fallback_glyph() const { return fallback_glyph_; }

 private:
  static constexpr uint16_t kUnmapped = 0xffff;

  static Result<PsfFont> ParsePsf1(rstd::Bytes data);
  static Result<PsfFont> ParsePsf2(rstd::Bytes data);
  // Checks the Unicode table (if any) and fills low_map_ and fallback_glyph_.
  Result<void> IndexUnicodeTable();
  Result<uint32_t> ScanUnicodeTable(uint32_t code_point) const;

  const uint8_t* glyphs_ = nullptr;
  const uint8_t* unicode_table_ = nullptr;
  size_t unicode_table_size_ = 0;
  Version version_ = Version::kPsf2;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  uint32_t glyph_count_ = 0;
  uint32_t fallback_glyph_ = 0;
  // Glyph index for each code point below 256, or kUnmapped.
  uint16_t low_map_[256] = {};
};

}  // namespace raeen::kernel
