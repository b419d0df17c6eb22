#include "kernel/console/utf8_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

// Decodes `bytes` the way the console does: an invalid sequence becomes U+FFFD, and a byte
// that cut a sequence short is fed again.
std::vector<uint32_t> Decode(const std::string& bytes) {
  std::vector<uint32_t> out;
  Utf8Decoder decoder;
  for (size_t i = 0; i < bytes.size(); ++i) {
    switch (decoder.Feed(static_cast<uint8_t>(bytes[i]))) {
      case Utf8Decoder::Step::kNeedMore: break;
      case Utf8Decoder::Step::kCodePoint: out.push_back(decoder.code_point()); break;
      case Utf8Decoder::Step::kInvalid: out.push_back(0xfffd); break;
      case Utf8Decoder::Step::kInvalidRetry:
        out.push_back(0xfffd);
        --i;
        break;
    }
  }
  if (decoder.pending()) out.push_back(0xfffd);
  return out;
}

TEST(Utf8Decoder, DecodesEveryLength) {
  EXPECT_EQ(Decode("A"), (std::vector<uint32_t>{0x41}));
  EXPECT_EQ(Decode("\xc3\xa9"), (std::vector<uint32_t>{0xe9}));
  EXPECT_EQ(Decode("\xe2\x94\x80"), (std::vector<uint32_t>{0x2500}));
  EXPECT_EQ(Decode("\xf0\x9f\x98\x80"), (std::vector<uint32_t>{0x1f600}));
  EXPECT_EQ(Decode("\xf4\x8f\xbf\xbf"), (std::vector<uint32_t>{0x10ffff}));
}

TEST(Utf8Decoder, RejectsOverlongSurrogatesAndOutOfRange) {
  EXPECT_EQ(Decode("\xc0\xaf"), (std::vector<uint32_t>{0xfffd, 0xfffd}));
  EXPECT_EQ(Decode("\xe0\x80\xaf"), (std::vector<uint32_t>{0xfffd, 0xfffd, 0xfffd}));
  EXPECT_EQ(Decode("\xed\xa0\x80"), (std::vector<uint32_t>{0xfffd, 0xfffd, 0xfffd}));
  EXPECT_EQ(Decode("\xf4\x90\x80\x80"), (std::vector<uint32_t>{0xfffd, 0xfffd, 0xfffd, 0xfffd}));
  EXPECT_EQ(Decode("\xff"), (std::vector<uint32_t>{0xfffd}));
  EXPECT_EQ(Decode("\x80"), (std::vector<uint32_t>{0xfffd}));
}

TEST(Utf8Decoder, TruncatedSequenceDoesNotSwallowTheNextCharacter) {
  EXPECT_EQ(Decode("\342\224A"), (std::vector<uint32_t>{0xfffd, 0x41}));
  EXPECT_EQ(Decode("\xc3\xc3\xa9"), (std::vector<uint32_t>{0xfffd, 0xe9}));
}

TEST(Utf8Decoder, ResetDropsAPendingSequence) {
  Utf8Decoder decoder;
  EXPECT_EQ(decoder.Feed(0xe2), Utf8Decoder::Step::kNeedMore);
  EXPECT_TRUE(decoder.pending());
  decoder.Reset();
  EXPECT_FALSE(decoder.pending());
  EXPECT_EQ(decoder.Feed('x'), Utf8Decoder::Step::kCodePoint);
  EXPECT_EQ(decoder.code_point(), uint32_t{'x'});
}

}  // namespace
}  // namespace raeen::kernel
