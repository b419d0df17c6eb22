#include "libs/rstd/format.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::rstd {
namespace {

template <typename... Args>
std::string F(StringView format, const Args&... args) {
  char buffer[256];
  StringView out = FormatTo(buffer, sizeof(buffer), format, args...);
  return std::string(out.data(), out.size());
}

TEST(Format, PlainTextAndBraces) {
  EXPECT_EQ(F("hello"), "hello");
  EXPECT_EQ(F("{{}}"), "{}");
  EXPECT_EQ(F("a{{b}}c"), "a{b}c");
}

TEST(Format, Integers) {
  EXPECT_EQ(F("{} {} {}", 0, -42, 18446744073709551615ull), "0 -42 18446744073709551615");
  EXPECT_EQ(F("{}", static_cast<int64_t>(-9223372036854775807ll - 1)), "-9223372036854775808");
  EXPECT_EQ(F("{:x} {:X} {:#x} {:b}", 255, 255, 255, 5), "ff FF 0xff 101");
  EXPECT_EQ(F("{:#018x}", 0xffffffff80001000ull), "0xffffffff80001000");
  EXPECT_EQ(F("{:016x}", 0x1234u), "0000000000001234");
}

TEST(Format, WidthAndAlignment) {
  EXPECT_EQ(F("[{:5}]", 42), "[   42]");
  EXPECT_EQ(F("[{:<5}]", 42), "[42   ]");
  EXPECT_EQ(F("[{:^6}]", "ab"), "[  ab  ]");
  EXPECT_EQ(F("[{:8}]", "text"), "[text    ]");
  EXPECT_EQ(F("[{:*>6}]", "ab"), "[****ab]");
}

TEST(Format, OtherKinds) {
  EXPECT_EQ(F("{} {}", true, false), "true false");
  EXPECT_EQ(F("{}", 'x'), "x");
  EXPECT_EQ(F("{}", StringView("view", 2)), "vi");
  EXPECT_EQ(F("{}", static_cast<const char*>(nullptr)), "(null)");
  EXPECT_EQ(F("{}", Status::kNoMemory), "no-memory");
  EXPECT_EQ(F("{}", reinterpret_cast<void*>(0x1000)), "0x1000");
  enum class Color : uint8_t { kRed = 3 };
  EXPECT_EQ(F("{}", Color::kRed), "3");
}

TEST(Format, MissingArgumentsAndUnterminatedFields) {
  EXPECT_EQ(F("{} {}", 1), "1 {?}");
  EXPECT_EQ(F("x{", 1), "x{");
  EXPECT_EQ(F("x", 1, 2), "x");
}

TEST(Format, BufferWriterTruncatesAndTerminates) {
  char buffer[6];
  BufferWriter writer(buffer, sizeof(buffer));
  Format(writer, "{}", "0123456789");
  EXPECT_TRUE(writer.truncated());
  EXPECT_EQ(std::string(buffer), "01234");
  writer.Clear();
  EXPECT_FALSE(writer.truncated());
  EXPECT_EQ(writer.size(), 0u);
}

}  // namespace
}  // namespace raeen::rstd
