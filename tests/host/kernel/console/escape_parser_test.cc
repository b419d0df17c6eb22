#include "kernel/console/escape_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

// Runs `input` through a parser: passed-through bytes go to the text, each SGR becomes
// "<p;p;...>", each other control sequence "{p;p;...F}".
std::string Parse(const std::string& input) {
  EscapeParser parser;
  std::string out;
  for (char c : input) {
    const EscapeParser::Action action = parser.Feed(static_cast<uint8_t>(c));
    switch (action) {
      case EscapeParser::Action::kNone: break;
      case EscapeParser::Action::kByte: out += c; break;
      case EscapeParser::Action::kSgr:
      case EscapeParser::Action::kCsi: {
        const bool sgr = action == EscapeParser::Action::kSgr;
        out += sgr ? '<' : '{';
        bool first = true;
        for (uint16_t p : parser.params()) {
          if (!first) out += ';';
          out += std::to_string(p);
          first = false;
        }
        if (!sgr) out += static_cast<char>(parser.final_byte());
        out += sgr ? '>' : '}';
        break;
      }
    }
  }
  return out;
}

TEST(EscapeParser, PlainTextPassesThrough) {
  EXPECT_EQ(Parse("hello\tworld\n"), "hello\tworld\n");
}

TEST(EscapeParser, ReportsSgrParameters) {
  EXPECT_EQ(Parse("\x1b[31mred\x1b[0m"), "<31>red<0>");
  EXPECT_EQ(Parse("\x1b[1;33;44m"), "<1;33;44>");
  EXPECT_EQ(Parse("\x1b[m"), "<0>");
  EXPECT_EQ(Parse("\x1b[;1m"), "<0;1>");
}

TEST(EscapeParser, ReportsOtherControlSequences) {
  EXPECT_EQ(Parse("a\x1b[2Jb"), "a{2J}b");  // erase display
  EXPECT_EQ(Parse("\x1b[D\x1b[12C\x1b[K"), "{0D}{12C}{0K}");
  EXPECT_EQ(Parse("\x1b[H\x1b[3;7f\x1b[5G"), "{0H}{3;7f}{5G}");
}

TEST(EscapeParser, SwallowsOtherSequences) {
  EXPECT_EQ(Parse("a\x1b[?25lb"), "ab");  // hide cursor (private)
  EXPECT_EQ(Parse("a\x1b[?1mb"), "ab");   // a private 'm' is not SGR
  EXPECT_EQ(Parse("a\033cb"), "ab");      // ESC c (reset)
  EXPECT_EQ(Parse("a\x1b(Bb"), "ab");     // designate character set
  EXPECT_EQ(Parse("a\x1b[1 qb"), "ab");   // intermediate byte
}

TEST(EscapeParser, ControlCharacterCancelsASequence) {
  EXPECT_EQ(Parse("\x1b[31\nx"), "\nx");
  EXPECT_EQ(Parse("\x1b\nx"), "\nx");
  EXPECT_EQ(Parse("\x1b[3\xc3\xa9"), "\xc3\xa9");
}

TEST(EscapeParser, EscapeRestartsASequence) {
  EXPECT_EQ(Parse("\x1b[3\x1b[32mx"), "<32>x");
}

TEST(EscapeParser, ParametersSaturateAndExtraOnesAreDropped) {
  EXPECT_EQ(Parse("\x1b[99999999m"), "<9999>");
  std::string many = "\x1b[";
  for (int i = 0; i < 40; ++i) many += "1;";
  many += "2m";
  EscapeParser parser;
  EscapeParser::Action last = EscapeParser::Action::kNone;
  for (char c : many) last = parser.Feed(static_cast<uint8_t>(c));
  ASSERT_EQ(last, EscapeParser::Action::kSgr);
  EXPECT_EQ(parser.params().size(), EscapeParser::kMaxParams);
}

TEST(EscapeParser, SequenceSplitAcrossFeedsStillParses) {
  EscapeParser parser;
  EXPECT_EQ(parser.Feed(0x1b), EscapeParser::Action::kNone);
  EXPECT_TRUE(parser.in_sequence());
  EXPECT_EQ(parser.Feed('['), EscapeParser::Action::kNone);
  EXPECT_EQ(parser.Feed('9'), EscapeParser::Action::kNone);
  EXPECT_EQ(parser.Feed('1'), EscapeParser::Action::kNone);
  EXPECT_EQ(parser.Feed('m'), EscapeParser::Action::kSgr);
  ASSERT_EQ(parser.params().size(), 1u);
  EXPECT_EQ(parser.params()[0], 91);
  EXPECT_FALSE(parser.in_sequence());
}

}  // namespace
}  // namespace raeen::kernel
