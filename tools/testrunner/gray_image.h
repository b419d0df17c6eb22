#pragma once
// An 8-bit grayscale image, read from the PPM/PGM screendumps QEMU writes and written back as
// PGM, with the few operations that make framebuffer text easy for tesseract to read: crop,
// integer upscaling and inversion to dark-on-light.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

class GrayImage {
 public:
  GrayImage() = default;
  GrayImage(int width, int height, uint8_t fill = 0);

  // Binary PPM (P6, converted with Rec. 601 luma weights) or PGM (P5), maxval 1..255.
  static std::expected<GrayImage, std::string> FromPnm(std::string_view bytes);

  int width() const { return width_; }
  int height() const { return height_; }
  uint8_t at(int x, int y) const { return pixels_[static_cast<size_t>(y) * width_ + x]; }
  void set(int x, int y, uint8_t value) { pixels_[static_cast<size_t>(y) * width_ + x] = value; }

  // The rectangle clipped to the image.
  GrayImage Crop(int x, int y, int width, int height) const;
  // Each pixel becomes a factor x factor block (nearest neighbour keeps glyph edges sharp).
  GrayImage Upscale(int factor) const;
  GrayImage Inverted() const;
  double MeanLevel() const;
  // Black text on a white background: pixels split at Otsu's threshold [Otsu 1979], and the
  // smaller class (the text, on a console) becomes black whatever its original brightness.
  GrayImage TextOnWhite() const;
  // The threshold Otsu's method picks: levels <= it form the dark class.
  uint8_t OtsuThreshold() const;

  // Binary PGM (P5).
  std::string ToPgm() const;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> pixels_;
};

}  // namespace raeen::tools::testrunner
