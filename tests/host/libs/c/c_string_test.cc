#include "libs/c/c_string.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "libs/c/allocator.h"
#include "libs/c/c_errno.h"

namespace raeen::libc {
namespace {

int Sign(int value) {
  return (value > 0) - (value < 0);
}

TEST(CString, MemcpyAndMemsetAtEveryAlignmentAndLength) {
  std::mt19937 random(5);
  for (size_t dest_offset = 0; dest_offset < 9; ++dest_offset) {
    for (size_t src_offset = 0; src_offset < 9; ++src_offset) {
      for (size_t n = 0; n < 70; ++n) {
        std::vector<unsigned char> src(96), dest(96, 0xee), expected(96, 0xee);
        for (auto& byte : src) byte = static_cast<unsigned char>(random());
        std::memcpy(expected.data() + dest_offset, src.data() + src_offset, n);
        EXPECT_EQ(Memcpy(dest.data() + dest_offset, src.data() + src_offset, n),
                  dest.data() + dest_offset);
        ASSERT_EQ(dest, expected) << dest_offset << " " << src_offset << " " << n;
        std::memset(expected.data() + dest_offset, 0x5a, n);
        EXPECT_EQ(Memset(dest.data() + dest_offset, 0x15a, n), dest.data() + dest_offset);
        ASSERT_EQ(dest, expected);
      }
    }
  }
}

TEST(CString, MemmoveOverlappingBothWays) {
  std::mt19937 random(6);
  for (int round = 0; round < 3000; ++round) {
    std::vector<unsigned char> buffer(128), expected;
    for (auto& byte : buffer) byte = static_cast<unsigned char>(random());
    expected = buffer;
    size_t from = random() % 128;
    size_t to = random() % 128;
    size_t n = random() % (128 - std::max(from, to) + 1);
    std::memmove(expected.data() + to, expected.data() + from, n);
    EXPECT_EQ(Memmove(buffer.data() + to, buffer.data() + from, n), buffer.data() + to);
    ASSERT_EQ(buffer, expected) << from << " -> " << to << " x " << n;
  }
}

TEST(CString, CompareFunctionsMatchHostSigns) {
  const char* const strings[] = {"",
                                 "a",
                                 "ab",
                                 "abc",
                                 "abd",
                                 "b",
                                 "\x80",
                                 "\xff",
                                 "a\x80",
                                 "ABC",
                                 "abcdefghijklmnop",
                                 "abcdefghijklmnoq"};
  for (const char* a : strings) {
    for (const char* b : strings) {
      EXPECT_EQ(Sign(Strcmp(a, b)), Sign(std::strcmp(a, b))) << a << " " << b;
      for (size_t n = 0; n < 6; ++n) {
        EXPECT_EQ(Sign(Strncmp(a, b, n)), Sign(std::strncmp(a, b, n)));
      }
      size_t n = std::min(std::strlen(a), std::strlen(b)) + 1;
      EXPECT_EQ(Sign(Memcmp(a, b, n)), Sign(std::memcmp(a, b, n)));
    }
  }
}

TEST(CString, LengthsAndSearches) {
  const char text[] = "hello, wonderful world";
  EXPECT_EQ(Strlen(text), std::strlen(text));
  EXPECT_EQ(Strlen(""), 0u);
  EXPECT_EQ(Strnlen(text, 5), 5u);
  EXPECT_EQ(Strnlen(text, 100), std::strlen(text));
  for (int c : {int{'h'}, int{'o'}, int{'w'}, int{'d'}, int{'z'}, 0, 'l' + 256}) {
    EXPECT_EQ(Strchr(text, c), std::strchr(text, c)) << c;
    EXPECT_EQ(Strrchr(text, c), std::strrchr(text, c)) << c;
    EXPECT_EQ(Memchr(text, c, sizeof(text)), std::memchr(text, c, sizeof(text))) << c;
  }
  EXPECT_EQ(Memchr(text, 'w', 7), nullptr);
  for (const char* needle : {"", "h", "world", "wo", "won", "dx", "hello, wonderful world!", "d"}) {
    EXPECT_EQ(Strstr(text, needle), std::strstr(text, needle)) << needle;
  }
  EXPECT_EQ(Strstr("aaab", "aab"), std::strstr("aaab", "aab"));
  for (const char* set : {"", "h", "leh", "abc", ", "}) {
    EXPECT_EQ(Strspn(text, set), std::strspn(text, set)) << set;
    EXPECT_EQ(Strcspn(text, set), std::strcspn(text, set)) << set;
  }
}

TEST(CString, CopiesAndConcatenation) {
  char buffer[32];
  EXPECT_EQ(Strcpy(buffer, "abc"), buffer);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(Strcat(buffer, "def"), buffer);
  EXPECT_STREQ(buffer, "abcdef");
  EXPECT_EQ(Strncat(buffer, "ghijkl", 3), buffer);
  EXPECT_STREQ(buffer, "abcdefghi");
  Strncat(buffer, "", 3);
  EXPECT_STREQ(buffer, "abcdefghi");

  char ours[12];
  char theirs[12];
  for (size_t n : {0, 1, 3, 4, 12}) {
    std::memset(ours, 'x', sizeof(ours));
    std::memset(theirs, 'x', sizeof(theirs));
    Strncpy(ours, "abc", n);
    std::strncpy(theirs, "abc", n);
    EXPECT_EQ(0, std::memcmp(ours, theirs, sizeof(ours))) << n;
  }
}

TEST(CString, StrtokR) {
  char text[] = ",,a,b;;c,";
  char* state = nullptr;
  std::vector<std::string> tokens;
  for (char* token = Strtok_r(text, ",;", &state); token != nullptr;
       token = Strtok_r(nullptr, ",;", &state)) {
    tokens.push_back(token);
  }
  EXPECT_EQ(tokens, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Strtok_r(nullptr, ",", &state), nullptr);
  char empty[] = ";;;";
  EXPECT_EQ(Strtok_r(empty, ";", &state), nullptr);
  char one[] = "word";
  EXPECT_STREQ(Strtok_r(one, " ", &state), "word");
  EXPECT_EQ(Strtok_r(nullptr, " ", &state), nullptr);
}

TEST(CString, StrdupAndStrndup) {
  char* copy = Strdup("duplicate me");
  ASSERT_NE(copy, nullptr);
  EXPECT_STREQ(copy, "duplicate me");
  Free(copy);
  char* part = Strndup("duplicate me", 3);
  EXPECT_STREQ(part, "dup");
  Free(part);
  char* whole = Strndup("ab", 10);
  EXPECT_STREQ(whole, "ab");
  Free(whole);
}

TEST(CString, StrerrorMatchesHostWording) {
  for (int value : {0,
                    RAEEN_EPERM,
                    RAEEN_ENOENT,
                    RAEEN_EINTR,
                    RAEEN_EIO,
                    RAEEN_EBADF,
                    RAEEN_EAGAIN,
                    RAEEN_ENOMEM,
                    RAEEN_EACCES,
                    RAEEN_EFAULT,
                    RAEEN_EBUSY,
                    RAEEN_EEXIST,
                    RAEEN_ENOTDIR,
                    RAEEN_EISDIR,
                    RAEEN_EINVAL,
                    RAEEN_EMFILE,
                    RAEEN_ENOSPC,
                    RAEEN_ESPIPE,
                    RAEEN_EPIPE,
                    RAEEN_EDOM,
                    RAEEN_ERANGE,
                    RAEEN_ENAMETOOLONG,
                    RAEEN_ENOSYS,
                    RAEEN_EOVERFLOW,
                    RAEEN_EILSEQ,
                    RAEEN_ENOTSUP,
                    RAEEN_ETIMEDOUT}) {
    EXPECT_STREQ(Strerror(value), std::strerror(value)) << value;
  }
  EXPECT_STREQ(Strerror(12345), "Unknown error");
}

}  // namespace
}  // namespace raeen::libc
