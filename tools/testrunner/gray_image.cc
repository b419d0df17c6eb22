#include "tools/testrunner/gray_image.h"

#include <algorithm>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Reads the next whitespace-separated header field, skipping `#` comments [netpbm PPM spec].
std::optional<int64_t> ReadHeaderNumber(std::string_view bytes, size_t& pos) {
  while (pos < bytes.size()) {
    const char c = bytes[pos];
    if (c == '#') {
      while (pos < bytes.size() && bytes[pos] != '\n') ++pos;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos;
    } else {
      break;
    }
  }
  const size_t start = pos;
  while (pos < bytes.size() && bytes[pos] >= '0' && bytes[pos] <= '9') ++pos;
  if (pos == start || pos - start > 9) return std::nullopt;
  return ParseInteger(bytes.substr(start, pos - start));
}

}  // namespace

GrayImage::GrayImage(int width, int height, uint8_t fill)
    : width_(width), height_(height), pixels_(static_cast<size_t>(width) * height, fill) {}

std::expected<GrayImage, std::string> GrayImage::FromPnm(std::string_view bytes) {
  if (bytes.size() < 2 || bytes[0] != 'P' || (bytes[1] != '6' && bytes[1] != '5')) {
    return std::unexpected("not a binary PPM (P6) or PGM (P5) image");
  }
  const bool color = bytes[1] == '6';
  size_t pos = 2;
  const auto width = ReadHeaderNumber(bytes, pos);
  const auto height = ReadHeaderNumber(bytes, pos);
  const auto maxval = ReadHeaderNumber(bytes, pos);
  if (!width || !height || !maxval || *width <= 0 || *height <= 0 || *width > 65536 ||
      *height > 65536 || *maxval <= 0 || *maxval > 255) {
    return std::unexpected("bad PNM header");
  }
  // Exactly one whitespace byte separates the header from the pixels.
  if (pos >= bytes.size()) return std::unexpected("truncated PNM header");
  ++pos;
  const size_t channels = color ? 3 : 1;
  const size_t needed = static_cast<size_t>(*width) * static_cast<size_t>(*height) * channels;
  if (bytes.size() - pos < needed) return std::unexpected("truncated PNM pixel data");
  GrayImage image(static_cast<int>(*width), static_cast<int>(*height));
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
  for (size_t i = 0; i < image.pixels_.size(); ++i) {
    unsigned level;
    if (color) {
      const unsigned r = data[3 * i], g = data[3 * i + 1], b = data[3 * i + 2];
      level = (299 * r + 587 * g + 114 * b + 500) / 1000;
    } else {
      level = data[i];
    }
    image.pixels_[i] = static_cast<uint8_t>(std::min<unsigned>(255, level * 255 / *maxval));
  }
  return image;
}

GrayImage GrayImage::Crop(int x, int y, int width, int height) const {
  const int x0 = std::clamp(x, 0, width_);
  const int y0 = std::clamp(y, 0, height_);
  const int x1 = std::clamp(x + width, x0, width_);
  const int y1 = std::clamp(y + height, y0, height_);
  GrayImage out(x1 - x0, y1 - y0);
  for (int row = y0; row < y1; ++row) {
    for (int col = x0; col < x1; ++col) out.set(col - x0, row - y0, at(col, row));
  }
  return out;
}

GrayImage GrayImage::Upscale(int factor) const {
  factor = std::max(factor, 1);
  GrayImage out(width_ * factor, height_ * factor);
  for (int row = 0; row < out.height_; ++row) {
    for (int col = 0; col < out.width_; ++col) out.set(col, row, at(col / factor, row / factor));
  }
  return out;
}

GrayImage GrayImage::Inverted() const {
  GrayImage out = *this;
  for (uint8_t& pixel : out.pixels_) pixel = static_cast<uint8_t>(255 - pixel);
  return out;
}

double GrayImage::MeanLevel() const {
  if (pixels_.empty()) return 0;
  uint64_t sum = 0;
  for (const uint8_t pixel : pixels_) sum += pixel;
  return static_cast<double>(sum) / static_cast<double>(pixels_.size());
}

uint8_t GrayImage::OtsuThreshold() const {
  uint64_t histogram[256] = {};
  for (const uint8_t pixel : pixels_) ++histogram[pixel];
  const double total = static_cast<double>(pixels_.size());
  double sum_all = 0;
  for (int level = 0; level < 256; ++level)
    sum_all += level * static_cast<double>(histogram[level]);
  // Maximize the between-class variance w0 * w1 * (mu0 - mu1)^2 over thresholds.
  double weight_dark = 0;
  double sum_dark = 0;
  double best_variance = -1;
  int best = 0;
  for (int level = 0; level < 256; ++level) {
    weight_dark += static_cast<double>(histogram[level]);
    sum_dark += level * static_cast<double>(histogram[level]);
    const double weight_bright = total - weight_dark;
    if (weight_dark == 0 || weight_bright == 0) continue;
    const double mean_dark = sum_dark / weight_dark;
    const double mean_bright = (sum_all - sum_dark) / weight_bright;
    const double variance =
        weight_dark * weight_bright * (mean_dark - mean_bright) * (mean_dark - mean_bright);
    if (variance > best_variance) {
      best_variance = variance;
      best = level;
    }
  }
  return static_cast<uint8_t>(best);
}

GrayImage GrayImage::TextOnWhite() const {
  const uint8_t threshold = OtsuThreshold();
  size_t bright = 0;
  for (const uint8_t pixel : pixels_) bright += pixel > threshold ? 1 : 0;
  const bool text_is_bright = bright * 2 < pixels_.size();
  GrayImage out(width_, height_);
  for (size_t i = 0; i < pixels_.size(); ++i) {
    const bool is_bright = pixels_[i] > threshold;
    out.pixels_[i] = is_bright == text_is_bright ? 0 : 255;
  }
  return out;
}

std::string GrayImage::ToPgm() const {
  std::string out = Printf("P5\n%d %d\n255\n", width_, height_);
  out.append(reinterpret_cast<const char*>(pixels_.data()), pixels_.size());
  return out;
}

}  // namespace raeen::tools::testrunner
