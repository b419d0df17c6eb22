#pragma once
// Font helpers shared by the console tests: the real Terminus file and small synthetic fonts.

#include <stdint.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace raeen::kernel::testutil {

// The uncompressed Uni2-Terminus20x10.psf that the kernel embeds (see
// kernel/console/sources.cmake).
inline std::vector<uint8_t> LoadConsoleFont() {
  std::ifstream file(RAEEN_TEST_CONSOLE_FONT, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

inline void PutLe32(std::vector<uint8_t>& data, size_t offset, uint32_t value) {
  for (size_t i = 0; i < 4; ++i) data[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

// A PSF2 font with `glyph_count` glyphs of width x height where glyph g has every pixel set
// in row (g % height) and nothing else, plus (if `unicode`) a table mapping glyph g to the
// single code point g + 32 (UTF-8).
inline std::vector<uint8_t> MakePsf2(uint32_t glyph_count, uint32_t width, uint32_t height,
                                     bool unicode) {
  uint32_t row_bytes = (width + 7) / 8;
  uint32_t glyph_size = row_bytes * height;
  std::vector<uint8_t> data(32 + size_t{glyph_count} * glyph_size, 0);
  data[0] = 0x72;
  data[1] = 0xb5;
  data[2] = 0x4a;
  data[3] = 0x86;
  PutLe32(data, 4, 0);
  PutLe32(data, 8, 32);
  PutLe32(data, 12, unicode ? 1 : 0);
  PutLe32(data, 16, glyph_count);
  PutLe32(data, 20, glyph_size);
  PutLe32(data, 24, height);
  PutLe32(data, 28, width);
  for (uint32_t g = 0; g < glyph_count; ++g) {
    uint8_t* row = &data[32 + size_t{g} * glyph_size + (g % height) * row_bytes];
    for (uint32_t x = 0; x < width; ++x) row[x / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));
  }
  if (unicode) {
    for (uint32_t g = 0; g < glyph_count; ++g) {
      uint32_t cp = g + 32;
      if (cp < 0x80) {
        data.push_back(static_cast<uint8_t>(cp));
      } else {
        data.push_back(static_cast<uint8_t>(0xc0 | cp >> 6));
        data.push_back(static_cast<uint8_t>(0x80 | (cp & 0x3f)));
      }
      data.push_back(0xff);
    }
  }
  return data;
}

}  // namespace raeen::kernel::testutil
