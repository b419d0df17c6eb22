#include "libs/c/c_ctype.h"

#include <gtest/gtest.h>

#include <cctype>
#include <clocale>
#include <cstdio>

namespace raeen::libc {
namespace {

// Every byte and EOF, against the host in the C locale (the default of a fresh process).
TEST(CType, ExhaustiveAgainstHostInTheCLocale) {
  ASSERT_NE(std::setlocale(LC_ALL, "C"), nullptr);
  struct Pair {
    const char* name;
    int (*ours)(int);
    int (*host)(int);
  };
  // {"isalpha", Isalpha, host isalpha}, ...
#define RAEEN_CTYPE_PAIR(name)                                   \
  {                                                              \
    "is" #name, Is##name, [](int c) { return std::is##name(c); } \
  }
  const Pair pairs[] = {
      RAEEN_CTYPE_PAIR(alpha),  RAEEN_CTYPE_PAIR(digit), RAEEN_CTYPE_PAIR(alnum),
      RAEEN_CTYPE_PAIR(space),  RAEEN_CTYPE_PAIR(upper), RAEEN_CTYPE_PAIR(lower),
      RAEEN_CTYPE_PAIR(xdigit), RAEEN_CTYPE_PAIR(print), RAEEN_CTYPE_PAIR(punct),
      RAEEN_CTYPE_PAIR(cntrl),  RAEEN_CTYPE_PAIR(graph), RAEEN_CTYPE_PAIR(blank),
  };
#undef RAEEN_CTYPE_PAIR
  for (int c = EOF; c <= 255; ++c) {
    for (const Pair& pair : pairs) {
      EXPECT_EQ(pair.ours(c) != 0, pair.host(c) != 0) << pair.name << "(" << c << ")";
    }
    EXPECT_EQ(Toupper(c), std::toupper(c)) << c;
    EXPECT_EQ(Tolower(c), std::tolower(c)) << c;
  }
}

}  // namespace
}  // namespace raeen::libc
