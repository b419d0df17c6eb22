#pragma once
// Choosing a GOP mode and describing its framebuffer for the hand-off: pure functions over the
// mode list that the loader reads with EFI_GRAPHICS_OUTPUT_PROTOCOL.QueryMode()
// [UEFI 2.10, 12.9].
//
// The rule: if raeen.cfg asks for a resolution and a usable mode has exactly that size, take it.
// Otherwise take the usable mode with the largest area that fits in 1920x1080 (larger modes
// make the early console slow to draw under emulation and rarely fit a window); ties go to the
// wider mode, then to the lower mode number. If no usable mode fits, take the smallest usable
// one. "Usable" means a linear framebuffer with 32-bit pixels: RGBX, BGRX or a bit mask that
// describes 32-bit pixels, never PixelBltOnly.

#include <raeen/handoff.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/boot_config.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::boot {

enum class GopPixelLayout : uint8_t {
  kRgbx,      // PixelRedGreenBlueReserved8BitPerColor
  kBgrx,      // PixelBlueGreenRedReserved8BitPerColor
  kBitmask,   // PixelBitMask describing 32-bit pixels
  kUnusable,  // PixelBltOnly, or a bit mask that is not a 32-bit layout
};

struct GopPixelMasks {
  uint32_t red;
  uint32_t green;
  uint32_t blue;
  uint32_t reserved;
};

struct GopModeCandidate {
  uint32_t mode_number;
  uint32_t width;
  uint32_t height;
  GopPixelLayout layout;
};

struct GopModeChoice {
  size_t index;          // into the candidate list
  bool requested_found;  // the configured resolution was available and chosen
};

inline constexpr uint32_t kAutoMaxWidth = 1920;
inline constexpr uint32_t kAutoMaxHeight = 1080;

// `pixel_format` is the raw EFI_GRAPHICS_PIXEL_FORMAT value (0 RGBX, 1 BGRX, 2 bit mask,
// 3 Blt only). A bit mask is usable when red, green and blue are non-zero, no two masks share a
// bit and the highest bit used lies in the top byte (so a pixel is 32 bits wide).
GopPixelLayout ClassifyGopPixelFormat(uint32_t pixel_format, const GopPixelMasks& masks);

// `requested` is null for `resolution = auto`. kNotFound if no candidate is usable.
Result<GopModeChoice> ChooseGopMode(rstd::Span<const GopModeCandidate> modes,
                                    const Resolution* requested);

// The hand-off description of a mode's framebuffer: pitch = pixels_per_scan_line * 4, 32 bpp,
// masks filled in for every layout. kCorrupt if the firmware's numbers are inconsistent
// (a scan line shorter than the width, a buffer smaller than pitch * height, a zero base, or
// arithmetic overflow); kInvalidArgument for an unusable layout.
Result<Framebuffer> DescribeFramebuffer(uint64_t base, uint64_t size, uint32_t width,
                                        uint32_t height, uint32_t pixels_per_scan_line,
                                        GopPixelLayout layout, const GopPixelMasks& masks);

}  // namespace raeen::boot
