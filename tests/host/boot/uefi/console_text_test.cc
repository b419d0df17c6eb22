#include "boot/uefi/console_text.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::boot {
namespace {

std::u16string EncodeAll(const std::string& text, size_t capacity) {
  std::u16string out;
  rstd::StringView rest(text.data(), text.size());
  while (!rest.empty()) {
    std::u16string chunk(capacity, u'#');
    size_t units = 0;
    size_t consumed = EncodeConsoleText(rest, chunk.data(), capacity, &units);
    EXPECT_GT(consumed, 0u);
    EXPECT_LT(units, capacity);
    EXPECT_EQ(chunk[units], u'\0');
    out.append(chunk.data(), units);
    rest = rest.substr(consumed);
  }
  return out;
}

TEST(ConsoleText, ConvertsNewlinesToCrLf) {
  EXPECT_EQ(EncodeAll("rae-boot: hi\n", 64), u"rae-boot: hi\r\n");
  EXPECT_EQ(EncodeAll("\n\n", 64), u"\r\n\r\n");
}

TEST(ConsoleText, ReplacesWhatTheConsoleCannotShow) {
  EXPECT_EQ(EncodeAll("a\tb", 64), u"a b");
  EXPECT_EQ(EncodeAll("\x01x\x7f", 64), u"?x?");
  EXPECT_EQ(EncodeAll("caf\xc3\xa9", 64), u"caf??");
}

TEST(ConsoleText, ChunksNeverSplitALineEnd) {
  // With capacity 3 a chunk holds at most two units and the NUL: "\r\n" must stay together.
  std::string text = "ab\ncd\n\ne";
  for (size_t capacity : {3, 4, 5, 7, 64}) {
    EXPECT_EQ(EncodeAll(text, capacity), u"ab\r\ncd\r\n\r\ne") << capacity;
  }
}

TEST(ConsoleText, NarrowsUcs2) {
  char out[8];
  EXPECT_EQ(NarrowUcs2(u"EDK II", out, sizeof(out)), "EDK II");
  EXPECT_EQ(NarrowUcs2(u"long vendor name", out, sizeof(out)), "long ve");
  EXPECT_EQ(NarrowUcs2(u"\u00e9t\u00e9", out, sizeof(out)), "?t?");
  EXPECT_EQ(NarrowUcs2(nullptr, out, sizeof(out)), "");
  EXPECT_STREQ(out, "");
}

TEST(ConsoleText, WidensAsciiPaths) {
  char16_t out[20];
  ASSERT_TRUE(WidenAscii("\\raeen\\kernel.elf", out, 20));
  EXPECT_EQ(std::u16string(out), u"\\raeen\\kernel.elf");
  EXPECT_FALSE(WidenAscii("\\raeen\\kernel.elf...", out, 20));  // 20 + NUL does not fit
  EXPECT_FALSE(WidenAscii("caf\xc3\xa9", out, 20));
  EXPECT_FALSE(WidenAscii(rstd::StringView("a\0b", 3), out, 20));
}

}  // namespace
}  // namespace raeen::boot
