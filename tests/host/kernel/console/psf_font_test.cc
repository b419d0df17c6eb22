#include "kernel/console/psf_font.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

#include "tests/host/kernel/console/psf_test_font.h"

namespace raeen::kernel {
namespace {

using testutil::LoadConsoleFont;
using testutil::MakePsf2;
using testutil::PutLe32;

// Parses an exact-size heap copy, so that ASan flags any read past the end.
Status ParseCopy(const std::vector<uint8_t>& data) {
  std::unique_ptr<uint8_t[]> copy(new uint8_t[data.size()]);
  std::copy(data.begin(), data.end(), copy.get());
  return PsfFont::Parse(rstd::Bytes(copy.get(), data.size())).status();
}

bool GlyphIsBlank(rstd::Bytes glyph) {
  for (uint8_t byte : glyph) {
    if (byte != 0) return false;
  }
  return true;
}

class PsfFontRealFile : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = LoadConsoleFont();
    ASSERT_FALSE(data_.empty()) << "cannot read " << RAEEN_TEST_CONSOLE_FONT;
  }
  std::vector<uint8_t> data_;
};

TEST_F(PsfFontRealFile, ParsesTerminus10x20) {
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data_.data(), data_.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_EQ(font->version(), PsfFont::Version::kPsf2);
  EXPECT_EQ(font->width(), 10u);
  EXPECT_EQ(font->height(), 20u);
  EXPECT_EQ(font->glyph_count(), 512u);
  EXPECT_EQ(font->bytes_per_row(), 2u);
  EXPECT_EQ(font->bytes_per_glyph(), 40u);
  EXPECT_TRUE(font->has_unicode_table());
}

TEST_F(PsfFontRealFile, MapsAsciiLatin1AndBeyond) {
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data_.data(), data_.size()));
  ASSERT_TRUE(font.ok());
  Result<uint32_t> a = font->FindGlyph('A');
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(GlyphIsBlank(font->Glyph(*a)));
  // 'A' and 'B' differ; the space is blank.
  ASSERT_TRUE(font->FindGlyph('B').ok());
  EXPECT_NE(*a, *font->FindGlyph('B'));
  ASSERT_TRUE(font->FindGlyph(' ').ok());
  EXPECT_TRUE(GlyphIsBlank(font->Glyph(*font->FindGlyph(' '))));
  // Every printable Latin-1 character has a glyph.
  for (uint32_t c = 0x20; c < 0x100; ++c) {
    if (c >= 0x7f && c < 0xa0) continue;
    EXPECT_TRUE(font->FindGlyph(c).ok()) << "U+" << std::hex << c;
  }
  // Beyond Latin-1 the table is scanned: box drawing and the replacement character exist.
  EXPECT_TRUE(font->FindGlyph(0x2500).ok());
  ASSERT_TRUE(font->FindGlyph(PsfFont::kReplacementCharacter).ok());
  EXPECT_EQ(font->fallback_glyph(), *font->FindGlyph(PsfFont::kReplacementCharacter));
  // A character the font lacks shows the fallback glyph.
  EXPECT_EQ(font->FindGlyph(0x1f600).status(), Status::kNotFound);
  EXPECT_EQ(font->GlyphIndex(0x1f600), font->fallback_glyph());
}

TEST_F(PsfFontRealFile, PixelReadsTheBitmap) {
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data_.data(), data_.size()));
  ASSERT_TRUE(font.ok());
  uint32_t glyph = font->GlyphIndex('|');
  rstd::Bytes bitmap = font->Glyph(glyph);
  int set = 0;
  for (uint32_t y = 0; y < font->height(); ++y) {
    for (uint32_t x = 0; x < font->width(); ++x) {
      bool bit = (bitmap[y * 2 + x / 8] & (0x80 >> (x % 8))) != 0;
      EXPECT_EQ(font->Pixel(glyph, x, y), bit);
      set += bit;
    }
  }
  EXPECT_GT(set, 0);
  EXPECT_FALSE(font->Pixel(glyph, font->width(), 0));
  EXPECT_FALSE(font->Pixel(font->glyph_count(), 0, 0));
  EXPECT_TRUE(font->Glyph(font->glyph_count()).empty());
}

TEST_F(PsfFontRealFile, EveryTruncationIsRejected) {
  // Every cut through the header and the Unicode table, and a sample through the glyphs.
  const size_t table = 32 + 512 * 40;
  for (size_t size = 0; size < data_.size(); size += (size < 64 || size >= table) ? 1 : 37) {
    std::vector<uint8_t> prefix(data_.begin(), data_.begin() + static_cast<ptrdiff_t>(size));
    ASSERT_EQ(ParseCopy(prefix), Status::kCorrupt) << "size " << size;
  }
}

TEST_F(PsfFontRealFile, RandomCorruptionNeverReadsOutOfBounds) {
  // Bytes flipped in the header or the Unicode table, where the structure lives: whatever the
  // outcome, ASan checks that parsing (and a lookup in what parsed) stays in bounds.
  const size_t table = 32 + 512 * 40;
  std::mt19937 random(20261123);
  for (int round = 0; round < 3000; ++round) {
    std::vector<uint8_t> copy = data_;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      size_t at = (random() % 2) ? random() % 32 : table + random() % (copy.size() - table);
      copy[at] = static_cast<uint8_t>(random());
    }
    std::unique_ptr<uint8_t[]> exact(new uint8_t[copy.size()]);
    std::copy(copy.begin(), copy.end(), exact.get());
    Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(exact.get(), copy.size()));
    if (font.ok()) {
      (void)font->GlyphIndex(0x2500);
      (void)font->Glyph(font->GlyphIndex('A'));
    } else {
      EXPECT_TRUE(font.status() == Status::kCorrupt || font.status() == Status::kUnsupported);
    }
  }
}

TEST_F(PsfFontRealFile, BadMagicIsCorrupt) {
  data_[0] ^= 0xff;
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
}

TEST_F(PsfFontRealFile, AbsurdGlyphCountIsCorrupt) {
  PutLe32(data_, 16, 0xffffffff);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  PutLe32(data_, 16, 0);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  // Within kMaxGlyphs but far more than the file holds.
  PutLe32(data_, 16, 60000);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
}

TEST_F(PsfFontRealFile, HeaderSizeOverflowIsCorrupt) {
  PutLe32(data_, 8, 0xfffffff0);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  PutLe32(data_, 8, 16);  // smaller than the header itself
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  // Glyphs start so late that they run past the end of the file.
  PutLe32(data_, 8, static_cast<uint32_t>(data_.size() - 100));
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
}

TEST_F(PsfFontRealFile, InconsistentGlyphSizeIsCorrupt) {
  PutLe32(data_, 20, 41);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  PutLe32(data_, 20, 40);
  PutLe32(data_, 28, 0);  // width 0
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
}

TEST_F(PsfFontRealFile, UnknownFlagsAreCorruptAndNewVersionsUnsupported) {
  PutLe32(data_, 12, 0x3);
  EXPECT_EQ(ParseCopy(data_), Status::kCorrupt);
  PutLe32(data_, 12, 0x1);
  PutLe32(data_, 4, 1);
  EXPECT_EQ(ParseCopy(data_), Status::kUnsupported);
}

TEST_F(PsfFontRealFile, BadUnicodeTableIsCorrupt) {
  size_t table = 32 + 512 * 40;
  std::vector<uint8_t> bad = data_;
  bad[table] = 0xc0;  // overlong lead byte
  EXPECT_EQ(ParseCopy(bad), Status::kCorrupt);

  bad = data_;
  // A lead byte of a 3-byte sequence right before a glyph's 0xFF terminator.
  size_t terminator = table;
  while (bad[terminator] != 0xff) ++terminator;
  bad[terminator - 1] = 0xe2;
  EXPECT_EQ(ParseCopy(bad), Status::kCorrupt);

  // Every 0xFF dropped: the table never ends.
  bad.assign(data_.begin(), data_.begin() + static_cast<ptrdiff_t>(table));
  for (size_t i = table; i < data_.size(); ++i) {
    if (data_[i] != 0xff) bad.push_back(data_[i]);
  }
  EXPECT_EQ(ParseCopy(bad), Status::kCorrupt);
}

TEST(PsfFont, EmptyAndTinyInputsAreCorrupt) {
  EXPECT_EQ(ParseCopy({}), Status::kCorrupt);
  EXPECT_EQ(ParseCopy({0x72}), Status::kCorrupt);
  EXPECT_EQ(ParseCopy({0x72, 0xb5, 0x4a, 0x86, 0, 0, 0}), Status::kCorrupt);
  EXPECT_EQ(ParseCopy({0x36, 0x04, 0x00}), Status::kCorrupt);
}

TEST(PsfFont, SyntheticPsf2WithoutTableMapsByIndex) {
  std::vector<uint8_t> data = MakePsf2(128, 8, 16, false);
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data.data(), data.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_FALSE(font->has_unicode_table());
  EXPECT_EQ(*font->FindGlyph('A'), uint32_t{'A'});
  EXPECT_EQ(font->FindGlyph(200).status(), Status::kNotFound);
  EXPECT_EQ(font->fallback_glyph(), uint32_t{'?'});
  EXPECT_TRUE(font->Pixel(3, 0, 3));
  EXPECT_FALSE(font->Pixel(3, 0, 4));
}

TEST(PsfFont, SyntheticPsf2WithTableAndWideGlyphs) {
  // 12 pixels wide: two bytes per row, the last 4 bits padding.
  std::vector<uint8_t> data = MakePsf2(300, 12, 24, true);
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data.data(), data.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_EQ(font->bytes_per_glyph(), 48u);
  EXPECT_EQ(*font->FindGlyph('A'), uint32_t{'A' - 32});
  EXPECT_EQ(*font->FindGlyph(0xe9), 0xe9u - 32);
  EXPECT_EQ(*font->FindGlyph(300 + 31), 299u);  // beyond Latin-1: scanned
  EXPECT_EQ(font->FindGlyph(' ' - 1).status(), Status::kNotFound);
  EXPECT_EQ(font->fallback_glyph(), uint32_t{'?' - 32});  // no U+FFFD in this font
}

TEST(PsfFont, SequencesAreNotSingleCharacterMappings) {
  std::vector<uint8_t> data = MakePsf2(2, 8, 8, false);
  PutLe32(data, 12, 1);
  // Glyph 0: 'a', then the sequence "e" + U+0301; glyph 1: 'b'.
  for (uint8_t b : {uint8_t{'a'}, uint8_t{0xfe}, uint8_t{'e'}, uint8_t{0xcc}, uint8_t{0x81},
                    uint8_t{0xff}, uint8_t{'b'}, uint8_t{0xff}}) {
    data.push_back(b);
  }
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data.data(), data.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_EQ(*font->FindGlyph('a'), 0u);
  EXPECT_EQ(*font->FindGlyph('b'), 1u);
  EXPECT_EQ(font->FindGlyph('e').status(), Status::kNotFound);
  EXPECT_EQ(font->FindGlyph(0x301).status(), Status::kNotFound);
  EXPECT_EQ(font->fallback_glyph(), 0u);
}

TEST(PsfFont, OversizedGlyphsAreUnsupported) {
  std::vector<uint8_t> data = MakePsf2(1, PsfFont::kMaxWidth + 8, 8, false);
  EXPECT_EQ(ParseCopy(data), Status::kUnsupported);
}

std::vector<uint8_t> MakePsf1(uint8_t mode, uint8_t height) {
  uint32_t count = (mode & 1) ? 512 : 256;
  std::vector<uint8_t> data = {0x36, 0x04, mode, height};
  data.resize(4 + size_t{count} * height, 0);
  for (uint32_t g = 0; g < count; ++g) data[4 + size_t{g} * height + g % height] = 0x81;
  return data;
}

TEST(PsfFont, Psf1WithoutTable) {
  std::vector<uint8_t> data = MakePsf1(0, 16);
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data.data(), data.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_EQ(font->version(), PsfFont::Version::kPsf1);
  EXPECT_EQ(font->width(), 8u);
  EXPECT_EQ(font->height(), 16u);
  EXPECT_EQ(font->glyph_count(), 256u);
  EXPECT_EQ(*font->FindGlyph('Z'), uint32_t{'Z'});
  EXPECT_TRUE(font->Pixel(5, 0, 5));
  EXPECT_TRUE(font->Pixel(5, 7, 5));
  EXPECT_FALSE(font->Pixel(5, 1, 5));
}

TEST(PsfFont, Psf1With512GlyphsAndTable) {
  std::vector<uint8_t> data = MakePsf1(0x03, 8);
  // Glyph g maps to U+0100 + g, glyph 65 also to 'A', then (glyph 66) a sequence.
  for (uint32_t g = 0; g < 512; ++g) {
    uint32_t cp = 0x100 + g;
    data.push_back(static_cast<uint8_t>(cp));
    data.push_back(static_cast<uint8_t>(cp >> 8));
    if (g == 65) {
      data.push_back('A');
      data.push_back(0);
    }
    if (g == 66) {
      for (int b : {0xfe, 0xff, 0x42, 0x00, 0x01, 0x03}) data.push_back(static_cast<uint8_t>(b));
    }
    data.push_back(0xff);
    data.push_back(0xff);
  }
  Result<PsfFont> font = PsfFont::Parse(rstd::Bytes(data.data(), data.size()));
  ASSERT_TRUE(font.ok()) << StatusName(font.status());
  EXPECT_EQ(font->glyph_count(), 512u);
  EXPECT_EQ(*font->FindGlyph('A'), 65u);
  EXPECT_EQ(font->FindGlyph('B').status(), Status::kNotFound);
  EXPECT_EQ(*font->FindGlyph(0x100 + 400), 400u);

  // The same table cut off before the last glyph's terminator.
  data.resize(data.size() - 2);
  EXPECT_EQ(ParseCopy(data), Status::kCorrupt);
  // An odd byte count cannot hold 16-bit entries.
  data.push_back(0xff);
  EXPECT_EQ(ParseCopy(data), Status::kCorrupt);
}

TEST(PsfFont, Psf1BadModeOrSizeIsCorrupt) {
  EXPECT_EQ(ParseCopy(MakePsf1(0x06, 16)), Status::kCorrupt);
  std::vector<uint8_t> zero_height = {0x36, 0x04, 0x00, 0x00};
  EXPECT_EQ(ParseCopy(zero_height), Status::kCorrupt);
  std::vector<uint8_t> short_glyphs = MakePsf1(0x01, 16);
  short_glyphs.resize(short_glyphs.size() - 1);
  EXPECT_EQ(ParseCopy(short_glyphs), Status::kCorrupt);
}

TEST(PsfFont, DefaultFontIsEmpty) {
  PsfFont font;
  EXPECT_EQ(font.glyph_count(), 0u);
  EXPECT_EQ(font.FindGlyph('A').status(), Status::kNotFound);
  EXPECT_TRUE(font.Glyph(0).empty());
  EXPECT_FALSE(font.Pixel(0, 0, 0));
}

}  // namespace
}  // namespace raeen::kernel
