#include "kernel/console/psf_font.h"

#include "kernel/console/utf8_decoder.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

// [kbd, src/psf.h]
constexpr uint8_t kPsf1Magic[2] = {0x36, 0x04};
constexpr size_t kPsf1HeaderSize = 4;
constexpr uint8_t kPsf1Mode512 = 0x01;
constexpr uint8_t kPsf1ModeHasTable = 0x02;
constexpr uint8_t kPsf1ModeHasSequences = 0x04;
constexpr uint8_t kPsf1MaxMode = 0x05;  // kbd rejects larger modes
constexpr uint16_t kPsf1Separator = 0xffff;
constexpr uint16_t kPsf1StartSequence = 0xfffe;

constexpr uint8_t kPsf2Magic[4] = {0x72, 0xb5, 0x4a, 0x86};
constexpr size_t kPsf2HeaderSize = 32;
constexpr uint32_t kPsf2MaxVersion = 0;
constexpr uint32_t kPsf2HasUnicodeTable = 0x01;
constexpr uint8_t kPsf2Separator = 0xff;
constexpr uint8_t kPsf2StartSequence = 0xfe;

uint32_t ReadLe32(rstd::Bytes data, size_t offset) {
  return static_cast<uint32_t>(data[offset]) | static_cast<uint32_t>(data[offset + 1]) << 8 |
         static_cast<uint32_t>(data[offset + 2]) << 16 |
         static_cast<uint32_t>(data[offset + 3]) << 24;
}

bool HasPrefix(rstd::Bytes data, const uint8_t* prefix, size_t size) {
  if (data.size() < size) return false;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] != prefix[i]) return false;
  }
  return true;
}

// Walks a PSF2 Unicode table entry by entry, calling visit(glyph, code_point) for each single
// character mapped to a glyph (sequences after 0xFE combine several characters into one glyph
// and are skipped). Stops early when visit returns true. kCorrupt if the table is shorter
// than `glyph_count` entries or holds malformed UTF-8; bytes after the last entry are ignored.
template <typename Visit>
Status WalkPsf2Table(rstd::Bytes table, uint32_t glyph_count, Visit&& visit) {
  size_t pos = 0;
  for (uint32_t glyph = 0; glyph < glyph_count; ++glyph) {
    Utf8Decoder decoder;
    bool in_sequences = false;
    for (;;) {
      if (pos >= table.size()) return Status::kCorrupt;
      uint8_t byte = table[pos++];
      if (byte == kPsf2Separator || byte == kPsf2StartSequence) {
        if (decoder.pending()) return Status::kCorrupt;
        if (byte == kPsf2Separator) break;
        in_sequences = true;
        continue;
      }
      switch (decoder.Feed(byte)) {
        case Utf8Decoder::Step::kNeedMore: break;
        case Utf8Decoder::Step::kCodePoint:
          if (!in_sequences && visit(glyph, decoder.code_point())) return Status::kOk;
          break;
        case Utf8Decoder::Step::kInvalid:
        case Utf8Decoder::Step::kInvalidRetry: return Status::kCorrupt;
      }
    }
  }
  return Status::kOk;
}

// The PSF1 counterpart: 16-bit little-endian code points, 0xFFFE starts sequences, 0xFFFF
// ends a glyph's entry.
template <typename Visit>
Status WalkPsf1Table(rstd::Bytes table, uint32_t glyph_count, Visit&& visit) {
  size_t pos = 0;
  for (uint32_t glyph = 0; glyph < glyph_count; ++glyph) {
    bool in_sequences = false;
    for (;;) {
      if (table.size() - pos < 2) return Status::kCorrupt;
      uint16_t value = static_cast<uint16_t>(table[pos] | table[pos + 1] << 8);
      pos += 2;
      if (value == kPsf1Separator) break;
      if (value == kPsf1StartSequence) {
        in_sequences = true;
        continue;
      }
      if (!in_sequences && visit(glyph, value)) return Status::kOk;
    }
  }
  return Status::kOk;
}

}  // namespace

Result<PsfFont> PsfFont::Parse(rstd::Bytes data) {
  if (HasPrefix(data, kPsf2Magic, sizeof(kPsf2Magic))) return ParsePsf2(data);
  if (HasPrefix(data, kPsf1Magic, sizeof(kPsf1Magic))) return ParsePsf1(data);
  return Error(Status::kCorrupt);
}

Result<PsfFont> PsfFont::ParsePsf2(rstd::Bytes data) {
  if (data.size() < kPsf2HeaderSize) return Error(Status::kCorrupt);
  uint32_t version = ReadLe32(data, 4);
  uint32_t header_size = ReadLe32(data, 8);
  uint32_t flags = ReadLe32(data, 12);
  uint32_t glyph_count = ReadLe32(data, 16);
  uint32_t glyph_size = ReadLe32(data, 20);
  uint32_t height = ReadLe32(data, 24);
  uint32_t width = ReadLe32(data, 28);

  if (version > kPsf2MaxVersion) return Error(Status::kUnsupported);
  if (header_size < kPsf2HeaderSize || header_size > data.size()) return Error(Status::kCorrupt);
  if ((flags & ~kPsf2HasUnicodeTable) != 0) return Error(Status::kCorrupt);
  if (glyph_count == 0 || glyph_count > kMaxGlyphs) return Error(Status::kCorrupt);
  if (width == 0 || height == 0) return Error(Status::kCorrupt);
  if (width > kMaxWidth || height > kMaxHeight) return Error(Status::kUnsupported);

  uint64_t expected_glyph_size = 0;
  if (!rstd::CheckedMul(height, (uint64_t{width} + 7) / 8, &expected_glyph_size) ||
      expected_glyph_size != glyph_size) {
    return Error(Status::kCorrupt);
  }
  uint64_t glyph_bytes = 0;
  uint64_t glyphs_end = 0;
  if (!rstd::CheckedMul(glyph_count, glyph_size, &glyph_bytes) ||
      !rstd::CheckedAdd(header_size, glyph_bytes, &glyphs_end) || glyphs_end > data.size()) {
    return Error(Status::kCorrupt);
  }

  PsfFont font;
  font.version_ = Version::kPsf2;
  font.glyphs_ = data.data() + header_size;
  font.width_ = width;
  font.height_ = height;
  font.glyph_count_ = glyph_count;
  if (flags & kPsf2HasUnicodeTable) {
    font.unicode_table_ = data.data() + glyphs_end;
    font.unicode_table_size_ = data.size() - glyphs_end;
  }
  RAEEN_TRY(font.IndexUnicodeTable());
  return font;
}

Result<PsfFont> PsfFont::ParsePsf1(rstd::Bytes data) {
  if (data.size() < kPsf1HeaderSize) return Error(Status::kCorrupt);
  uint8_t mode = data[2];
  uint8_t glyph_size = data[3];
  if (mode > kPsf1MaxMode || glyph_size == 0) return Error(Status::kCorrupt);
  if (glyph_size > kMaxHeight) return Error(Status::kUnsupported);

  uint32_t glyph_count = (mode & kPsf1Mode512) ? 512 : 256;
  size_t glyphs_end = kPsf1HeaderSize + size_t{glyph_count} * glyph_size;  // at most 65540
  if (glyphs_end > data.size()) return Error(Status::kCorrupt);

  PsfFont font;
  font.version_ = Version::kPsf1;
  font.glyphs_ = data.data() + kPsf1HeaderSize;
  font.width_ = 8;
  font.height_ = glyph_size;
  font.glyph_count_ = glyph_count;
  if (mode & (kPsf1ModeHasTable | kPsf1ModeHasSequences)) {
    font.unicode_table_ = data.data() + glyphs_end;
    font.unicode_table_size_ = data.size() - glyphs_end;
  }
  RAEEN_TRY(font.IndexUnicodeTable());
  return font;
}

Result<void> PsfFont::IndexUnicodeTable() {
  for (uint16_t& slot : low_map_) slot = kUnmapped;
  if (unicode_table_ == nullptr) {
    for (uint32_t c = 0; c < 256 && c < glyph_count_; ++c) low_map_[c] = static_cast<uint16_t>(c);
  } else {
    auto record = [this](uint32_t glyph, uint32_t code_point) {
      if (code_point < 256 && low_map_[code_point] == kUnmapped) {
        low_map_[code_point] = static_cast<uint16_t>(glyph);
      }
      return false;
    };
    rstd::Bytes table(unicode_table_, unicode_table_size_);
    Status status = version_ == Version::kPsf2 ? WalkPsf2Table(table, glyph_count_, record)
                                               : WalkPsf1Table(table, glyph_count_, record);
    if (status != Status::kOk) return Error(status);
  }

  fallback_glyph_ = 0;
  Result<uint32_t> replacement = FindGlyph(kReplacementCharacter);
  if (replacement.ok()) {
    fallback_glyph_ = *replacement;
  } else if (low_map_['?'] != kUnmapped) {
    fallback_glyph_ = low_map_['?'];
  }
  return {};
}

Result<uint32_t> PsfFont::ScanUnicodeTable(uint32_t code_point) const {
  uint32_t found = kMaxGlyphs + 1;
  auto match = [&found, code_point](uint32_t glyph, uint32_t candidate) {
    if (candidate != code_point) return false;
    found = glyph;
    return true;
  };
  rstd::Bytes table(unicode_table_, unicode_table_size_);
  // The table was validated by Parse(), so the walk cannot fail here; a failure would only
  // end the search early.
  if (version_ == Version::kPsf2) {
    (void)WalkPsf2Table(table, glyph_count_, match);
  } else {
    (void)WalkPsf1Table(table, glyph_count_, match);
  }
  if (found > kMaxGlyphs) return Error(Status::kNotFound);
  return found;
}

rstd::Bytes PsfFont::Glyph(uint32_t index) const {
  if (index >= glyph_count_) return {};
  size_t size = bytes_per_glyph();
  return rstd::Bytes(glyphs_ + size_t{index} * size, size);
}

bool PsfFont::Pixel(uint32_t index, uint32_t x, uint32_t y) const {
  if (index >= glyph_count_ || x >= width_ || y >= height_) return false;
  uint8_t row_byte = Glyph(index)[y * bytes_per_row() + x / 8];
  return (row_byte & (0x80u >> (x % 8))) != 0;
}

Result<uint32_t> PsfFont::FindGlyph(uint32_t code_point) const {
  if (glyph_count_ == 0) return Error(Status::kNotFound);
  if (code_point < 256) {
    if (low_map_[code_point] == kUnmapped) return Error(Status::kNotFound);
    return uint32_t{low_map_[code_point]};
  }
  if (unicode_table_ != nullptr) return ScanUnicodeTable(code_point);
  if (code_point < glyph_count_) return code_point;
  return Error(Status::kNotFound);
}

uint32_t PsfFont::GlyphIndex(uint32_t code_point) const {
  return FindGlyph(code_point).value_or(fallback_glyph_);
}

}  // namespace raeen::kernel
