#include "boot/uefi/gop_mode_chooser.h"

#include "libs/rstd/utility.h"

namespace raeen::boot {
namespace {

constexpr uint32_t kPixelRgbx = 0;
constexpr uint32_t kPixelBgrx = 1;
constexpr uint32_t kPixelBitMask = 2;

bool Usable(const GopModeCandidate& mode) {
  return mode.layout != GopPixelLayout::kUnusable && mode.width > 0 && mode.height > 0;
}

uint64_t Area(const GopModeCandidate& mode) {
  return static_cast<uint64_t>(mode.width) * mode.height;
}

// True if `a` should be preferred over `b` when both fit: larger area, then wider, then the
// lower mode number (firmware lists its preferred modes first).
bool Better(const GopModeCandidate& a, const GopModeCandidate& b) {
  if (Area(a) != Area(b)) return Area(a) > Area(b);
  if (a.width != b.width) return a.width > b.width;
  return a.mode_number < b.mode_number;
}

}  // namespace

GopPixelLayout ClassifyGopPixelFormat(uint32_t pixel_format, const GopPixelMasks& masks) {
  switch (pixel_format) {
    case kPixelRgbx: return GopPixelLayout::kRgbx;
    case kPixelBgrx: return GopPixelLayout::kBgrx;
    case kPixelBitMask: {
      if (masks.red == 0 || masks.green == 0 || masks.blue == 0) return GopPixelLayout::kUnusable;
      const uint32_t each[] = {masks.red, masks.green, masks.blue, masks.reserved};
      uint32_t all = 0;
      for (uint32_t mask : each) {
        if ((all & mask) != 0) return GopPixelLayout::kUnusable;
        all |= mask;
      }
      if ((all & 0xff000000u) == 0) return GopPixelLayout::kUnusable;
      return GopPixelLayout::kBitmask;
    }
    default: return GopPixelLayout::kUnusable;
  }
}

Result<GopModeChoice> ChooseGopMode(rstd::Span<const GopModeCandidate> modes,
                                    const Resolution* requested) {
  if (requested != nullptr) {
    for (size_t i = 0; i < modes.size(); ++i) {
      if (Usable(modes[i]) && modes[i].width == requested->width &&
          modes[i].height == requested->height) {
        return GopModeChoice{i, true};
      }
    }
  }
  bool found_fitting = false;
  size_t best_fitting = 0;
  bool found_any = false;
  size_t smallest = 0;
  for (size_t i = 0; i < modes.size(); ++i) {
    const GopModeCandidate& mode = modes[i];
    if (!Usable(mode)) continue;
    if (!found_any || Area(mode) < Area(modes[smallest])) smallest = i;
    found_any = true;
    if (mode.width > kAutoMaxWidth || mode.height > kAutoMaxHeight) continue;
    if (!found_fitting || Better(mode, modes[best_fitting])) best_fitting = i;
    found_fitting = true;
  }
  if (found_fitting) return GopModeChoice{best_fitting, false};
  if (found_any) return GopModeChoice{smallest, false};
  return Error(Status::kNotFound);
}

Result<Framebuffer> DescribeFramebuffer(uint64_t base, uint64_t size, uint32_t width,
                                        uint32_t height, uint32_t pixels_per_scan_line,
                                        GopPixelLayout layout, const GopPixelMasks& masks) {
  Framebuffer fb = {};
  switch (layout) {
    case GopPixelLayout::kBgrx:
      fb.format = PixelFormat::kBgrx8888;
      fb.red_mask = 0x00ff0000;
      fb.green_mask = 0x0000ff00;
      fb.blue_mask = 0x000000ff;
      break;
    case GopPixelLayout::kRgbx:
      fb.format = PixelFormat::kRgbx8888;
      fb.red_mask = 0x000000ff;
      fb.green_mask = 0x0000ff00;
      fb.blue_mask = 0x00ff0000;
      break;
    case GopPixelLayout::kBitmask:
      fb.format = PixelFormat::kBitmask;
      fb.red_mask = masks.red;
      fb.green_mask = masks.green;
      fb.blue_mask = masks.blue;
      break;
    case GopPixelLayout::kUnusable: return Error(Status::kInvalidArgument);
  }
  if (base == 0 || width == 0 || height == 0 || pixels_per_scan_line < width) {
    return Error(Status::kCorrupt);
  }
  uint64_t pitch = static_cast<uint64_t>(pixels_per_scan_line) * 4;
  uint64_t needed = 0;
  uint64_t end = 0;
  if (pitch > UINT32_MAX || !rstd::CheckedMul(pitch, height, &needed) || size < needed ||
      !rstd::CheckedAdd(base, size, &end)) {
    return Error(Status::kCorrupt);
  }
  fb.base = base;
  fb.size = size;
  fb.width = width;
  fb.height = height;
  fb.pitch = static_cast<uint32_t>(pitch);
  fb.bits_per_pixel = 32;
  return fb;
}

}  // namespace raeen::boot
