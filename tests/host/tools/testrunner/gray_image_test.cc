#include "tools/testrunner/gray_image.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::tools::testrunner {
namespace {

TEST(GrayImage, ReadsPpmWithComments) {
  std::string ppm = "P6\n# QEMU screendump\n2 1\n255\n";
  ppm += std::string("\xff\x00\x00\x00\x00\xff", 6);  // red, blue
  auto image = GrayImage::FromPnm(ppm);
  ASSERT_TRUE(image) << image.error();
  EXPECT_EQ(image->width(), 2);
  EXPECT_EQ(image->height(), 1);
  EXPECT_EQ(image->at(0, 0), 76);  // 0.299 * 255
  EXPECT_EQ(image->at(1, 0), 29);  // 0.114 * 255
}

TEST(GrayImage, ReadsPgmAndScalesMaxval) {
  std::string pgm = "P5 2 1 15\n";
  pgm += std::string("\x0f\x00", 2);
  auto image = GrayImage::FromPnm(pgm);
  ASSERT_TRUE(image) << image.error();
  EXPECT_EQ(image->at(0, 0), 255);
  EXPECT_EQ(image->at(1, 0), 0);
}

TEST(GrayImage, RejectsBadInput) {
  EXPECT_FALSE(GrayImage::FromPnm("P3\n1 1\n255\n0 0 0\n"));  // ASCII PPM
  EXPECT_FALSE(GrayImage::FromPnm("P6\n2 2\n255\nabc"));      // truncated
  EXPECT_FALSE(GrayImage::FromPnm("P6\n0 2\n255\n"));
  EXPECT_FALSE(GrayImage::FromPnm("P6\n1 1\n65535\n\x00\x00\x00\x00\x00\x00"));
  EXPECT_FALSE(GrayImage::FromPnm("P6\n1 1\n255"));
  EXPECT_FALSE(GrayImage::FromPnm(""));
}

TEST(GrayImage, CropClipsToTheImage) {
  GrayImage image(4, 3);
  image.set(3, 2, 200);
  const GrayImage crop = image.Crop(2, 1, 10, 10);
  EXPECT_EQ(crop.width(), 2);
  EXPECT_EQ(crop.height(), 2);
  EXPECT_EQ(crop.at(1, 1), 200);
  EXPECT_EQ(image.Crop(5, 5, 2, 2).width(), 0);
}

TEST(GrayImage, UpscaleRepeatsPixels) {
  GrayImage image(2, 1);
  image.set(1, 0, 9);
  const GrayImage big = image.Upscale(3);
  EXPECT_EQ(big.width(), 6);
  EXPECT_EQ(big.height(), 3);
  EXPECT_EQ(big.at(2, 2), 0);
  EXPECT_EQ(big.at(3, 0), 9);
  EXPECT_EQ(big.at(5, 2), 9);
}

TEST(GrayImage, InvertAndMean) {
  GrayImage image(2, 1, 10);
  EXPECT_DOUBLE_EQ(image.MeanLevel(), 10);
  EXPECT_EQ(image.Inverted().at(0, 0), 245);
}

TEST(GrayImage, TextOnWhiteMakesBrightTextOnDarkBlack) {
  // A console: mostly near-black background with a little light-grey text.
  GrayImage image(10, 10, 5);
  image.set(2, 2, 180);
  image.set(3, 2, 190);
  const GrayImage out = image.TextOnWhite();
  EXPECT_EQ(out.at(2, 2), 0);
  EXPECT_EQ(out.at(3, 2), 0);
  EXPECT_EQ(out.at(0, 0), 255);
}

TEST(GrayImage, TextOnWhiteKeepsDarkTextOnLight) {
  GrayImage image(10, 10, 240);
  image.set(5, 5, 20);
  const GrayImage out = image.TextOnWhite();
  EXPECT_EQ(out.at(5, 5), 0);
  EXPECT_EQ(out.at(0, 0), 255);
}

TEST(GrayImage, OtsuSplitsTwoLevels) {
  GrayImage image(4, 1);
  image.set(0, 0, 10);
  image.set(1, 0, 10);
  image.set(2, 0, 200);
  image.set(3, 0, 200);
  const uint8_t threshold = image.OtsuThreshold();
  EXPECT_GE(threshold, 10);
  EXPECT_LT(threshold, 200);
}

TEST(GrayImage, WritesPgm) {
  GrayImage image(2, 1, 7);
  EXPECT_EQ(image.ToPgm(), std::string("P5\n2 1\n255\n\x07\x07", 13));
  auto round_trip = GrayImage::FromPnm(image.ToPgm());
  ASSERT_TRUE(round_trip);
  EXPECT_EQ(round_trip->at(1, 0), 7);
}

}  // namespace
}  // namespace raeen::tools::testrunner
