#include "boot/uefi/gop_mode_chooser.h"

#include <gtest/gtest.h>

#include <vector>

namespace raeen::boot {
namespace {

using L = GopPixelLayout;

Result<GopModeChoice> Choose(const std::vector<GopModeCandidate>& modes,
                             const Resolution* requested = nullptr) {
  return ChooseGopMode(rstd::Span<const GopModeCandidate>(modes.data(), modes.size()), requested);
}

// OVMF's list on q35 (abridged), with a BltOnly mode and a huge one added.
std::vector<GopModeCandidate> OvmfLike() {
  return {
      {0, 1280, 800, L::kBgrx}, {1, 640, 480, L::kBgrx},   {2, 800, 600, L::kBgrx},
      {3, 1024, 768, L::kBgrx}, {4, 1920, 1200, L::kBgrx}, {5, 1920, 1080, L::kUnusable},
      {6, 1600, 900, L::kBgrx}, {7, 2560, 1600, L::kBgrx}, {8, 1440, 900, L::kBgrx},
  };
}

TEST(GopModeChooser, ClassifiesPixelFormats) {
  GopPixelMasks none = {0, 0, 0, 0};
  EXPECT_EQ(ClassifyGopPixelFormat(0, none), L::kRgbx);
  EXPECT_EQ(ClassifyGopPixelFormat(1, none), L::kBgrx);
  EXPECT_EQ(ClassifyGopPixelFormat(3, none), L::kUnusable);  // PixelBltOnly
  EXPECT_EQ(ClassifyGopPixelFormat(4, none), L::kUnusable);  // not a defined format
  EXPECT_EQ(ClassifyGopPixelFormat(2, {0xff0000, 0xff00, 0xff, 0xff000000}), L::kBitmask);
  EXPECT_EQ(ClassifyGopPixelFormat(2, {0x3ff00000, 0xffc00, 0x3ff, 0xc0000000}), L::kBitmask);
  EXPECT_EQ(ClassifyGopPixelFormat(2, {0xf800, 0x7e0, 0x1f, 0}), L::kUnusable);  // 16 bpp
  EXPECT_EQ(ClassifyGopPixelFormat(2, {0xff0000, 0xff0000, 0xff, 0xff000000}), L::kUnusable);
  EXPECT_EQ(ClassifyGopPixelFormat(2, {0, 0xff00, 0xff, 0xff000000}), L::kUnusable);
}

TEST(GopModeChooser, AutoTakesTheLargestModeWithin1080p) {
  Result<GopModeChoice> choice = Choose(OvmfLike());
  ASSERT_TRUE(choice.ok());
  // 1920x1200 and 2560x1600 are too tall; 1920x1080 is BltOnly; 1600x900 has the largest area
  // (1,440,000) among the rest.
  EXPECT_EQ(OvmfLike()[choice->index].mode_number, 6u);
  EXPECT_FALSE(choice->requested_found);
}

TEST(GopModeChooser, AutoTakesExactly1080pWhenUsable) {
  std::vector<GopModeCandidate> modes = OvmfLike();
  modes[5].layout = L::kRgbx;
  Result<GopModeChoice> choice = Choose(modes);
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(modes[choice->index].mode_number, 5u);
}

TEST(GopModeChooser, RequestedResolutionWins) {
  Resolution wanted = {1024, 768};
  Result<GopModeChoice> choice = Choose(OvmfLike(), &wanted);
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(OvmfLike()[choice->index].mode_number, 3u);
  EXPECT_TRUE(choice->requested_found);
  // Larger than the automatic limit is fine when asked for.
  Resolution big = {2560, 1600};
  Result<GopModeChoice> large = Choose(OvmfLike(), &big);
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(OvmfLike()[large->index].mode_number, 7u);
  EXPECT_TRUE(large->requested_found);
}

TEST(GopModeChooser, MissingOrUnusableRequestFallsBackToAuto) {
  Resolution missing = {1366, 768};
  Result<GopModeChoice> choice = Choose(OvmfLike(), &missing);
  ASSERT_TRUE(choice.ok());
  EXPECT_FALSE(choice->requested_found);
  EXPECT_EQ(OvmfLike()[choice->index].mode_number, 6u);
  Resolution blt_only = {1920, 1080};
  Result<GopModeChoice> fallback = Choose(OvmfLike(), &blt_only);
  ASSERT_TRUE(fallback.ok());
  EXPECT_FALSE(fallback->requested_found);
  EXPECT_EQ(OvmfLike()[fallback->index].mode_number, 6u);
}

TEST(GopModeChooser, BreaksTiesByWidthThenModeNumber) {
  std::vector<GopModeCandidate> modes = {
      {0, 1200, 800, L::kBgrx},  // 960,000
      {1, 800, 1200, L::kBgrx},  // same area, narrower
      {2, 1200, 800, L::kRgbx},  // same size, higher number
  };
  Result<GopModeChoice> choice = Choose(modes);
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(choice->index, 0u);
  std::swap(modes[0], modes[2]);  // list order must not matter
  Result<GopModeChoice> reordered = Choose(modes);
  ASSERT_TRUE(reordered.ok());
  EXPECT_EQ(modes[reordered->index].mode_number, 0u);
}

TEST(GopModeChooser, TakesTheSmallestWhenNothingFits) {
  std::vector<GopModeCandidate> modes = {
      {0, 3840, 2160, L::kBgrx}, {1, 2560, 1440, L::kBgrx}, {2, 2048, 1536, L::kUnusable}};
  Result<GopModeChoice> choice = Choose(modes);
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(choice->index, 1u);
}

TEST(GopModeChooser, NoUsableModeIsNotFound) {
  EXPECT_EQ(Choose({}).status(), Status::kNotFound);
  EXPECT_EQ(Choose({{0, 1024, 768, L::kUnusable}, {1, 0, 0, L::kBgrx}}).status(),
            Status::kNotFound);
}

TEST(GopModeChooser, DescribesFramebuffers) {
  GopPixelMasks none = {0, 0, 0, 0};
  Result<Framebuffer> fb =
      DescribeFramebuffer(0xc0000000, 1280 * 800 * 4, 1280, 800, 1280, L::kBgrx, none);
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(fb->base, 0xc0000000u);
  EXPECT_EQ(fb->pitch, 5120u);
  EXPECT_EQ(fb->bits_per_pixel, 32u);
  EXPECT_EQ(fb->format, PixelFormat::kBgrx8888);
  EXPECT_EQ(fb->red_mask, 0x00ff0000u);
  EXPECT_EQ(fb->blue_mask, 0x000000ffu);

  // Padded scan lines: the pitch follows PixelsPerScanLine, not the width.
  Result<Framebuffer> padded =
      DescribeFramebuffer(0xfd000000, 1024 * 800 * 4, 1000, 800, 1024, L::kRgbx, none);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->pitch, 4096u);
  EXPECT_EQ(padded->width, 1000u);
  EXPECT_EQ(padded->format, PixelFormat::kRgbx8888);
  EXPECT_EQ(padded->red_mask, 0x000000ffu);

  GopPixelMasks masks = {0x3ff00000, 0xffc00, 0x3ff, 0xc0000000};
  Result<Framebuffer> bitmask =
      DescribeFramebuffer(0x80000000, 640 * 480 * 4, 640, 480, 640, L::kBitmask, masks);
  ASSERT_TRUE(bitmask.ok());
  EXPECT_EQ(bitmask->format, PixelFormat::kBitmask);
  EXPECT_EQ(bitmask->red_mask, 0x3ff00000u);
  EXPECT_EQ(bitmask->green_mask, 0xffc00u);
}

TEST(GopModeChooser, RefusesInconsistentFramebuffers) {
  GopPixelMasks none = {0, 0, 0, 0};
  EXPECT_EQ(
      DescribeFramebuffer(0xc0000000, 1280 * 800 * 4 - 1, 1280, 800, 1280, L::kBgrx, none).status(),
      Status::kCorrupt);
  EXPECT_EQ(DescribeFramebuffer(0xc0000000, 1 << 24, 1280, 800, 1000, L::kBgrx, none).status(),
            Status::kCorrupt);
  EXPECT_EQ(DescribeFramebuffer(0, 1 << 24, 1280, 800, 1280, L::kBgrx, none).status(),
            Status::kCorrupt);
  EXPECT_EQ(DescribeFramebuffer(~0ull - 100, 1 << 24, 1280, 800, 1280, L::kBgrx, none).status(),
            Status::kCorrupt);
  EXPECT_EQ(DescribeFramebuffer(0xc0000000, 1 << 24, 1280, 800, 1280, L::kUnusable, none).status(),
            Status::kInvalidArgument);
}

}  // namespace
}  // namespace raeen::boot
